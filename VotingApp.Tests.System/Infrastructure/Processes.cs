using System.Globalization;
using System.Runtime.InteropServices;

namespace VotingApp.Tests.Infrastructure;

/// <summary>Process facts read from /proc, and signals sent with kill(2).</summary>
public static partial class Processes
{
    public const int SigInt = 2;
    public const int SigKill = 9;

    /// <summary>Alive and not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The command line's arguments (empty when the process is gone).</summary>
    public static IReadOnlyList<string> CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Whether the process's environment has <paramref name="name"/>=<paramref name="value"/>.</summary>
    public static bool HasEnvironment(int pid, string name, string value)
    {
        try
        {
            var wanted = $"{name}={value}";
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0').Contains(wanted, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Every live process id.</summary>
    public static IEnumerable<int> All() =>
        Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>DCP's processes (<c>dcp start-apiserver</c>, <c>dcp run-controllers</c>, …): every live process whose executable is named <c>dcp</c>.</summary>
    public static IReadOnlyList<int> Dcp() =>
        [.. All().Where(pid => CommandLine(pid) is [var exe, ..] && Path.GetFileName(exe) == "dcp")];

    /// <summary>
    /// Whether DCP process <paramref name="dcp"/> was started to watch <paramref name="pid"/> (<c>--monitor PID</c>): DCP
    /// runs detached, and this is what ties it to its AppHost rather than to another AppHost on the same machine.
    /// </summary>
    public static bool Monitors(int dcp, int pid)
    {
        var commandLine = CommandLine(dcp);
        var index = commandLine.ToList().IndexOf("--monitor");
        return index >= 0 && index + 1 < commandLine.Count && commandLine[index + 1] == pid.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The direct children of <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        var result = new List<int>();
        try
        {
            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                var childrenFile = Path.Combine(task, "children");
                if (File.Exists(childrenFile))
                {
                    result.AddRange(File.ReadAllText(childrenFile).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                        .Select(child => int.Parse(child, CultureInfo.InvariantCulture)));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // gone
        }
        return result;
    }

    /// <summary>All descendants of <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var result = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.Count > 0)
        {
            foreach (var child in Children(queue.Dequeue()))
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }
        return result;
    }

    /// <summary>The TCP ports <paramref name="pid"/> listens on (its socket inodes matched against /proc/net/tcp and tcp6).</summary>
    public static IReadOnlySet<int> ListeningPorts(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var fd in Directory.GetFiles($"/proc/{pid}/fd"))
            {
                if (File.ResolveLinkTarget(fd, returnFinalTarget: false)?.Name is { } target
                    && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new HashSet<int>();
        }
        var ports = new HashSet<int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.Exists(table) ? File.ReadLines(table).Skip(1) : [])
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == "0A" && inodes.Contains(fields[9]))
                {
                    ports.Add(int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }
        return ports;
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when there was no such process.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    public static async Task<bool> WaitAllDeadAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!pids.Any(IsAlive))
            {
                return true;
            }
            await Task.Delay(100);
        }
        return !pids.Any(IsAlive);
    }

    /// <summary>"1234 (dotnet VotingApp.Result.dll)" for a failure message.</summary>
    public static string Describe(int pid) => $"{pid} ({string.Join(' ', CommandLine(pid).Take(4))})";

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
