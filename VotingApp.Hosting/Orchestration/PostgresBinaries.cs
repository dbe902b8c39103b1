using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace VotingApp.Hosting.Orchestration;

/// <summary>Finds the host's PostgreSQL server programs (initdb, postgres).</summary>
internal static class PostgresBinaries
{
    public const string InstallHint =
        "PostgreSQL server binaries (initdb, postgres) were not found. Install them: sudo apt-get install postgresql " +
        "(Debian/Ubuntu), sudo dnf install postgresql-server (Fedora), brew install postgresql@16 (macOS), " +
        "or set Hosting:PostgresBinDirectory to the folder that holds them.";

    public static string Find(IConfiguration configuration)
    {
        foreach (var candidate in Candidates(configuration))
        {
            if (candidate is not null && File.Exists(Path.Combine(candidate, "initdb")) && File.Exists(Path.Combine(candidate, "postgres")))
            {
                return candidate;
            }
        }
        throw new DistributedApplicationException(InstallHint);
    }

    private static IEnumerable<string?> Candidates(IConfiguration configuration)
    {
        if (configuration["Hosting:PostgresBinDirectory"] is { Length: > 0 } configured)
        {
            yield return configured;
            yield break;
        }
        if (ExecutableFinder.FindOnPath("initdb") is { } initdb)
        {
            yield return Path.GetDirectoryName(ResolveLink(initdb));
        }
        yield return PgConfigBinDir();
        foreach (var root in new[] { "/usr/lib/postgresql", "/usr/local/opt", "/opt/homebrew/opt" })
        {
            if (!Directory.Exists(root))
            {
                continue;
            }
            foreach (var dir in Directory.GetDirectories(root).OrderByDescending(VersionOf))
            {
                yield return Path.Combine(dir, "bin");
            }
        }
        yield return "/usr/local/pgsql/bin";
    }

    private static double VersionOf(string dir)
    {
        var digits = new string(Path.GetFileName(dir).Where(c => char.IsDigit(c) || c == '.').ToArray()).Trim('.');
        return double.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
    }

    private static string ResolveLink(string path)
    {
        var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
        return target?.FullName ?? path;
    }

    private static string? PgConfigBinDir()
    {
        if (ExecutableFinder.FindOnPath("pg_config") is not { } pgConfig)
        {
            return null;
        }
        try
        {
            using var process = Process.Start(new ProcessStartInfo(pgConfig, "--bindir") { RedirectStandardOutput = true, UseShellExecute = false });
            var output = process?.StandardOutput.ReadToEnd().Trim();
            process?.WaitForExit(2000);
            return string.IsNullOrEmpty(output) ? null : output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
