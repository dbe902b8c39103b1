using System.Diagnostics;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Hosting;

/// <summary>
/// No process of the application outlives it: not a server, not a service, not DCP (which runs detached from the
/// AppHost and watches its pid), whether the application is disposed, or its AppHost is stopped with Ctrl+C or SIGKILLed.
/// </summary>
public sealed class ProcessLifetimeTests(ITestOutputHelper output)
{
    /// <summary>DCP cleans up 5–14 s after the AppHost dies; this only bounds the wait.</summary>
    private static readonly TimeSpan s_cleanup = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Disposing_the_app_stops_every_process_of_it_DCP_included()
    {
        var app = await TestApp.StartAsync(output);
        List<int> processes;
        try
        {
            Assert.NotEmpty(app.DcpProcessIds);
            var marked = Processes.All().Where(pid => Processes.HasEnvironment(pid, TestApp.RunIdVariable, app.RunId));
            List<int> roots;
            lock (app.SeenProcessIds)
            {
                roots = [.. app.SeenProcessIds.Where(Processes.IsAlive), .. app.DcpProcessIds, .. marked];
            }
            processes = [.. roots.Concat(roots.SelectMany(Processes.Descendants)).Distinct()];
            output.WriteLine($"{processes.Count} processes: {string.Join(", ", processes.Select(Processes.Describe))}");
            foreach (var service in TestApp.Services)
            {
                Assert.Contains(TestApp.ServiceProcess(Assert.Single(app.Instances(service))), processes);
            }
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        await app.DisposeAsync();

        Assert.True(await Processes.WaitAllDeadAsync(processes, s_cleanup),
            $"still alive {s_cleanup.TotalSeconds:0} s after DisposeAsync: {string.Join(", ", processes.Where(Processes.IsAlive).Select(Processes.Describe))}");
    }

    [Theory]
    [InlineData("SIGKILL", Processes.SigKill)]
    [InlineData("Ctrl+C", Processes.SigInt)]
    public async Task An_AppHost_ended_by_a_signal_leaves_no_process_of_the_app(string how, int signal)
    {
        // every port random, so that a developer's own AppHost on 8080/8081/18888 does not matter
        using var host = AppHostProcess.Start(output, "--DcpPublisher:RandomizePorts=true");
        var apphost = host.Process;
        var processes = await WaitForServicesAsync(apphost);
        output.WriteLine($"{processes.Count} processes: {string.Join(", ", processes.Select(Processes.Describe))}");

        Assert.True(Processes.Signal(apphost.Id, signal), $"{how} could not be sent to the AppHost");
        Assert.True(await Processes.WaitAllDeadAsync([apphost.Id, .. processes], s_cleanup),
            $"still alive {s_cleanup.TotalSeconds:0} s after {how} of the AppHost: {string.Join(", ", processes.Append(apphost.Id).Where(Processes.IsAlive).Select(Processes.Describe))}");
    }

    /// <summary>
    /// Every process of the application once the three services run: the AppHost's descendants, DCP's processes that
    /// watch this AppHost (<c>--monitor PID</c>) and their descendants.
    /// </summary>
    private static async Task<List<int>> WaitForServicesAsync(Process apphost)
    {
        var deadline = DateTime.UtcNow + TestApp.StartTimeout;
        while (true)
        {
            Assert.False(apphost.HasExited, $"the AppHost exited with {(apphost.HasExited ? apphost.ExitCode : 0)}");
            var dcp = Processes.Dcp().Where(pid => Processes.Monitors(pid, apphost.Id)).ToList();
            var roots = dcp.Append(apphost.Id).ToList();
            var processes = roots.Concat(roots.SelectMany(Processes.Descendants)).Where(pid => pid != apphost.Id).Distinct().ToList();
            var running = TestApp.Services.All(service => processes.Any(pid =>
                Processes.CommandLine(pid).Any(arg => arg.Contains($"VotingApp.{char.ToUpperInvariant(service[0])}{service[1..]}", StringComparison.Ordinal))));
            if (dcp.Count > 0 && running)
            {
                return processes;
            }
            Assert.True(DateTime.UtcNow < deadline,
                $"the services did not start within {TestApp.StartTimeout.TotalSeconds:0} s; processes so far: {string.Join(", ", processes.Select(Processes.Describe))}");
            await Task.Delay(200);
        }
    }
}
