using System.Runtime.InteropServices;

namespace VotingApp.Hosting.Orchestration;

/// <summary>The few POSIX calls .NET does not expose.</summary>
internal static partial class NativeMethods
{
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if the process is gone.</summary>
    public static bool SendSignal(int pid, int signal) =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Kill(pid, signal) == 0;

    /// <summary>Whether the AppHost runs as root (PostgreSQL then runs as an unprivileged user).</summary>
    public static bool IsRoot => (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && GetEuid() == 0;
}

/// <summary>File ownership, for data folders a server runs in as another user.</summary>
internal static partial class UnixUsers
{
    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, int owner, int group);

    /// <summary>uid and gid of <paramref name="user"/> from /etc/passwd, or null.</summary>
    public static (int Uid, int Gid)? Lookup(string user)
    {
        if (!File.Exists("/etc/passwd"))
        {
            return null;
        }
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var parts = line.Split(':');
            if (parts.Length > 3 && parts[0] == user
                && int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var uid)
                && int.TryParse(parts[3], System.Globalization.CultureInfo.InvariantCulture, out var gid))
            {
                return (uid, gid);
            }
        }
        return null;
    }

    /// <summary>Gives <paramref name="path"/> to <paramref name="user"/>.</summary>
    public static void ChangeOwner(string path, (int Uid, int Gid) user)
    {
        if (Chown(path, user.Uid, user.Gid) != 0)
        {
            throw new DistributedApplicationException($"Could not give '{path}' to uid {user.Uid} (errno {Marshal.GetLastPInvokeError()}).");
        }
    }
}
