using System.Diagnostics;
using System.Net;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Hosting;

/// <summary>
/// Aspire's resource commands leave the processes where the dashboard says they are: one process per running
/// resource, none for a stopped one. (Our former hosting left an untracked process serving the port when a resource
/// was restarted twice within a few seconds; the dashboard then called it Exited and "stop" did nothing.)
/// </summary>
public sealed class ResourceCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Restarting_result_twice_within_a_second_leaves_one_result_process_serving_and_stop_stops_it()
    {
        await using var app = await TestApp.StartAsync(output);
        var first = ResultProcesses(app);
        output.WriteLine($"before: {string.Join(", ", first.Select(Processes.Describe))}");

        var clock = Stopwatch.StartNew();
        await app.ExecuteCommandAsync("result", KnownResourceCommands.RestartCommand);
        // the dashboard disables restart while the resource stops or starts: the second click lands as soon as it is enabled
        await app.ExecuteCommandAsync("result", KnownResourceCommands.RestartCommand, whenEnabled: true);
        output.WriteLine($"the second restart was done {clock.ElapsedMilliseconds} ms after the first was issued");
        await app.WaitHealthyAsync("result", WaitBehavior.WaitOnResourceUnavailable, CancellationToken.None).WaitAsync(TestApp.CommandTimeout);
        await TestApp.WaitForStatusAsync(app.Result, "/health", HttpStatusCode.OK);

        var serving = TestApp.ServiceProcess(Assert.Single(app.Instances("result")));
        Assert.DoesNotContain(serving, first);
        // every process of this application that runs the result service and listens, tracked by Aspire or not
        var listening = await WaitForAsync(() => ResultProcesses(app).Where(pid => Processes.ListeningPorts(pid).Count > 0).ToList() is [_] only ? only : null,
            "exactly one result process listening");
        Assert.Equal([serving], listening);
        Assert.All(first, pid => Assert.False(Processes.IsAlive(pid), $"{Processes.Describe(pid)} from before the restarts is still alive"));

        await app.StopResourceAsync("result");
        await WaitForAsync(() => ResultProcesses(app) is [] none ? none : null, "no result process after stop");
        Assert.False(Processes.IsAlive(serving), $"{Processes.Describe(serving)} still runs after stop");
    }

    /// <summary>Live processes of this application (marked with its run id) whose command line runs VotingApp.Result, wrappers included.</summary>
    private static List<int> ResultProcesses(TestApp app) =>
        [.. Processes.All().Where(pid =>
            Processes.HasEnvironment(pid, TestApp.RunIdVariable, app.RunId)
            && Processes.IsAlive(pid)
            && Processes.CommandLine(pid).Any(arg => arg.Contains("VotingApp.Result", StringComparison.Ordinal)))];

    /// <summary>Every live process running VotingApp.Result, whoever started it (for failure messages).</summary>
    private static IEnumerable<int> ResultProcessesAnywhere() =>
        Processes.All().Where(pid => Processes.CommandLine(pid).Any(arg => arg.Contains("VotingApp.Result", StringComparison.Ordinal)));

    private static async Task<List<int>> WaitForAsync(Func<List<int>?> probe, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; result processes now: {string.Join(", ", ResultProcessesAnywhere().Select(Processes.Describe))}");
            await Task.Delay(100);
        }
    }
}
