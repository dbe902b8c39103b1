namespace VotingApp.Hosting.Orchestration;

/// <summary>Finds programs on PATH.</summary>
internal static class ExecutableFinder
{
    /// <summary>Full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe"))
            {
                return candidate + ".exe";
            }
        }
        return null;
    }

    /// <summary>The <c>dotnet</c> host that runs projects.</summary>
    public static string FindDotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }
        if (Environment.ProcessPath is { } processPath && Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            return processPath;
        }
        if (FindOnPath("dotnet") is { } onPath)
        {
            return onPath;
        }
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is not null && File.Exists(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }
        throw new DistributedApplicationException("The 'dotnet' host was not found on PATH. Install the .NET 10 SDK and make sure 'dotnet' is on PATH.");
    }
}
