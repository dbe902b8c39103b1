using System.Diagnostics;

namespace VotingApp.Tests.Observability;

/// <summary>Runs <c>promtool</c> (Debian package <c>prometheus</c>): <c>check metrics</c> on exposition text, and finds it for other checks.</summary>
public static class Promtool
{
    /// <summary>Where promtool is; fails the test when it is not installed.</summary>
    public static string Executable
    {
        get
        {
            var path = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists)
                ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
                    .Select(dir => Path.Combine(dir, "promtool")).FirstOrDefault(File.Exists);
            Assert.True(path is not null, "promtool is not installed: apt-get install prometheus (it provides promtool).");
            return path!;
        }
    }

    /// <summary>promtool's complaints (stdout and stderr) and exit code; fails the test when promtool is not installed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(Executable, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>
    /// Asserts promtool finds no error, and lint findings (exit code 3) only on names that are not ours: the .NET
    /// runtime's and libraries' semantic-convention names (e.g. <c>dotnet.assembly.count</c>, a gauge whose name ends in
    /// <c>_count</c>), which the exporter keeps as they are. Returns those findings.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AssertNoErrorsAsync(string exposition, string what)
    {
        var (exitCode, output) = await CheckMetricsAsync(exposition);
        var findings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(exitCode is 0 or 3, $"promtool check metrics on {what} found errors (exit {exitCode}):\n{output}");
        Assert.True(exitCode == 0 || findings.Length > 0, $"promtool exit {exitCode} without findings on {what}");
        Assert.DoesNotContain(findings, f => f.StartsWith("votingapp_", StringComparison.Ordinal) || !char.IsAsciiLetterLower(f[0]));
        return findings;
    }
}
