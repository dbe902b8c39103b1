using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Hosting;

/// <summary>No process outlives the AppHost; prerequisites and ports fail with one clear line.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProcessLifetimeTests(ITestOutputHelper output)
{
    private static string AppHostDll => new Projects.VotingApp_AppHost().TargetPath;

    [Fact]
    public async Task Disposing_the_app_leaves_no_child_process()
    {
        var app = await TestApp.StartAsync(output);
        var pids = app.SeenProcessIds.ToList();
        Assert.True(pids.Count >= 5, $"expected a process per resource, saw {pids.Count}");
        Assert.All(pids, pid => Assert.True(Processes.IsAlive(pid)));
        var stopwatch = Stopwatch.StartNew();
        await app.DisposeAsync();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopwatch.Elapsed}");
        Assert.True(await Processes.WaitAllDeadAsync(pids, TimeSpan.FromSeconds(2)), $"still alive: {string.Join(", ", pids.Where(Processes.IsAlive))}");
    }

    [Fact]
    public async Task Killing_the_AppHost_with_SIGKILL_leaves_no_child_process()
    {
        using var apphost = StartAppHost("--Endpoints:vote:http:Port=0", "--Endpoints:result:http:Port=0");
        var ready = await ReadUntilAsync(apphost, "Ready.", TimeSpan.FromSeconds(90));
        Assert.True(ready, "the AppHost did not get ready");
        var children = Processes.Descendants(apphost.Id);
        Assert.True(children.Count >= 5, $"expected the resources' processes, found {children.Count}");

        apphost.Kill(entireProcessTree: false); // SIGKILL to the AppHost alone
        await apphost.WaitForExitAsync();
        Assert.True(await Processes.WaitAllDeadAsync(children, TimeSpan.FromSeconds(5)),
            $"outlived the AppHost: {string.Join(", ", children.Where(Processes.IsAlive))}");
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_naming_the_port_and_the_fix_and_a_nonzero_exit()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var (code, stdout, stderr) = await RunAppHostAsync($"--Endpoints:vote:http:Port={port}", "--Endpoints:result:http:Port=0");
        output.WriteLine(stdout);
        Assert.NotEqual(0, code);
        var error = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Port {port}", error, StringComparison.Ordinal);
        Assert.Contains("already in use", error, StringComparison.Ordinal);
        Assert.Contains("--Endpoints:vote:http:Port=", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_PostgreSQL_binaries_are_one_line_with_the_install_command_and_a_nonzero_exit()
    {
        var (code, stdout, stderr) = await RunAppHostAsync(
            "--Endpoints:vote:http:Port=0", "--Endpoints:result:http:Port=0", "--Hosting:PostgresBinDirectory=/nonexistent/pg/bin");
        output.WriteLine(stdout);
        Assert.NotEqual(0, code);
        var error = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("apt-get install postgresql", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dependency_that_fails_fails_its_dependents_with_a_message_that_names_it()
    {
        var fakeBin = Directory.CreateTempSubdirectory("votingapp-fakepg-").FullName;
        try
        {
            File.SetUnixFileMode(fakeBin, (UnixFileMode)Convert.ToInt32("755", 8));
            await WriteScriptAsync(Path.Combine(fakeBin, "initdb"), "#!/bin/sh\nexit 0\n");
            await WriteScriptAsync(Path.Combine(fakeBin, "postgres"), "#!/bin/sh\necho 'FATAL: this postgres is broken on purpose' >&2\nexit 3\n");

            var builder = await DistributedApplicationTestingBuilder.CreateAsync(typeof(Projects.VotingApp_AppHost), [],
                Settings(s => s.Configuration["Hosting:PostgresBinDirectory"] = fakeBin));
            await using var app = await builder.BuildAsync();
            var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)));
            output.WriteLine(error.Message);

            Assert.True(app.ResourceNotifications.TryGetCurrentState("result", out var result));
            Assert.Equal(KnownResourceStates.FailedToStart, result!.Snapshot.State);
            Assert.Contains("'votesdb'", result.Snapshot.Message, StringComparison.Ordinal);
            Assert.Contains("'postgres'", result.Snapshot.Message, StringComparison.Ordinal);
            Assert.True(app.ResourceNotifications.TryGetCurrentState("vote", out var vote));
            Assert.Equal(KnownResourceStates.Running, vote!.Snapshot.State); // vote needs only the cache
            Assert.Contains(app.ResourceLogs.GetLogs("postgres"), l => l.Text.Contains("broken on purpose", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(fakeBin, recursive: true);
        }
    }

    private static TestingBuilderSettings Settings(Action<TestingBuilderSettings> configure)
    {
        var settings = new TestingBuilderSettings();
        configure(settings);
        return settings;
    }

    private static async Task WriteScriptAsync(string path, string text)
    {
        await File.WriteAllTextAsync(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    private static Process StartAppHost(params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(AppHostDll);
        // the dashboard on a free port too: a developer's own AppHost may hold 18888
        startInfo.ArgumentList.Add("--ASPNETCORE_URLS=http://localhost:0");
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        return Process.Start(startInfo)!;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAppHostAsync(params string[] args)
    {
        using var process = StartAppHost(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private async Task<bool> ReadUntilAsync(Process process, string marker, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        _ = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                output.WriteLine(line);
                if (line.Contains(marker, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return false;
    }
}
