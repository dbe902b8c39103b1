using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace VotingApp.Hosting.LocalServers;

/// <summary>
/// Where a host-process server keeps its data: <c>WithDataBindMount(source)</c> → that folder;
/// <c>WithDataVolume(name)</c> → <c>.votingapp/volumes/&lt;name&gt;</c> next to the AppHost project (kept across runs);
/// otherwise a fresh folder for this run under the temporary folder, deleted when the AppHost stops (a killed AppHost's
/// folders are deleted by the next run).
/// </summary>
internal sealed class DataFolders
{
    private const string RunPrefix = "votingapp-run-";
    private readonly string _volumes;
    private readonly Lazy<string> _run;

    public DataFolders(IDistributedApplicationBuilder builder)
    {
        _volumes = Path.Combine(builder.AppHostDirectory, ".votingapp", "volumes");
        _run = new(() => CreateRunFolder(builder));
    }

    /// <summary>This run's folder (mode 0755, so an unprivileged server can reach its own folder inside it).</summary>
    public string RunFolder => _run.Value;

    /// <summary>The data folder of <paramref name="resource"/>, created; true when it is kept across runs.</summary>
    public (string Path, bool Kept) For(IResource resource)
    {
        var mount = resource.Annotations.OfType<ContainerMountAnnotation>().LastOrDefault();
        var (path, kept) = mount switch
        {
            { Type: ContainerMountType.BindMount, Source: { } source } => (System.IO.Path.GetFullPath(source, Directory.GetCurrentDirectory()), true),
            { Type: ContainerMountType.Volume, Source: { } volume } => (System.IO.Path.Combine(_volumes, volume), true),
            _ => (System.IO.Path.Combine(RunFolder, resource.Name), false),
        };
        Directory.CreateDirectory(path);
        return (path, kept);
    }

    private static string CreateRunFolder(IDistributedApplicationBuilder builder)
    {
        var root = System.IO.Path.GetTempPath();
        foreach (var stale in Directory.EnumerateDirectories(root, RunPrefix + "*"))
        {
            if (int.TryParse(System.IO.Path.GetFileName(stale)[RunPrefix.Length..].Split('-')[0], out var pid) && !IsRunning(pid))
            {
                TryDelete(stale);
            }
        }
        var folder = System.IO.Path.Combine(root, $"{RunPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..(RunPrefix.Length + 20)]);
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        }
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((e, _) =>
        {
            var lifetime = e.Services.GetService(typeof(Microsoft.Extensions.Hosting.IHostApplicationLifetime)) as Microsoft.Extensions.Hosting.IHostApplicationLifetime;
            lifetime?.ApplicationStopped.Register(() => TryDelete(folder));
            return Task.CompletedTask;
        });
        return folder;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
