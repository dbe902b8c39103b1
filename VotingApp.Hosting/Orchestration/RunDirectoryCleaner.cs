using System.Globalization;

namespace VotingApp.Hosting.Orchestration;

/// <summary>Removes the temporary folders of runs whose AppHost is gone (killed with SIGKILL, say).</summary>
internal static class RunDirectoryCleaner
{
    public static void RemoveStale()
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), "votingapp-*"))
            {
                var parts = Path.GetFileName(dir).Split('-');
                if (parts.Length >= 3 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid))
                {
                    TryDelete(dir);
                }
            }
        }
        catch (IOException)
        {
            // best effort
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }

    /// <summary>Keeps the logs of the <paramref name="keep"/> most recent runs (folder names start with the run's time).</summary>
    public static void PruneLogs(string logsRoot, int keep)
    {
        try
        {
            if (!Directory.Exists(logsRoot))
            {
                return;
            }
            foreach (var old in Directory.GetDirectories(logsRoot).OrderDescending(StringComparer.Ordinal).Skip(keep))
            {
                TryDelete(old);
            }
        }
        catch (IOException)
        {
            // best effort
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }

    private static bool IsAlive(int pid) => OperatingSystem.IsLinux() ? Directory.Exists($"/proc/{pid}") : true;

    public static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
            // best effort
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }
}
