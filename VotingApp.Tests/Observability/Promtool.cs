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

    /// <summary>Asserts promtool finds nothing to complain about.</summary>
    public static async Task AssertCleanAsync(string exposition, string what)
    {
        var (exitCode, output) = await CheckMetricsAsync(exposition);
        Assert.True(exitCode == 0 && string.IsNullOrWhiteSpace(output), $"promtool check metrics on {what} (exit {exitCode}):\n{output}");
    }
}
