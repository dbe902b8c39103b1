using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// Faults, through Aspire's resource commands and notifications. A command goes to every instance of a resource
/// (replicas included); each method returns once the command has taken effect, so the next step acts on the new state.
/// </summary>
public sealed partial class TestApp
{
    /// <summary>How long a stop, a start or a kill may take to show in the resource's state.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The snapshot property that holds the process id of an executable or project resource (Aspire's KnownProperties.Executable.Pid).</summary>
    public const string PidProperty = "executable.pid";

    /// <summary>The <c>stop</c> command; returns once every instance has left Running.</summary>
    public async Task StopResourceAsync(string name)
    {
        await ExecuteCommandAsync(name, KnownResourceCommands.StopCommand);
        await WaitNotRunningAsync(name);
    }

    /// <summary>
    /// The <c>start</c> command; returns once every instance runs a new process and (unless <paramref name="untilHealthy"/>
    /// is false) is healthy again.
    /// </summary>
    public async Task StartResourceAsync(string name, bool untilHealthy = true)
    {
        var before = Instances(name).ToDictionary(i => i.ResourceId, i => (ProcessId(i.Snapshot), i.Snapshot.StartTimeStamp));
        await ExecuteCommandAsync(name, KnownResourceCommands.StartCommand);
        await WaitRunningAgainAsync(name, before, untilHealthy);
    }

    /// <summary>
    /// SIGKILLs the service process of every instance of <paramref name="name"/> (see <see cref="ServiceProcess"/>): the
    /// process dies the way a crash or the OOM killer ends it, with no shutdown code run. Returns once Aspire shows every
    /// instance out of Running (Exited, Finished or FailedToStart); the resource stays down until <see cref="StartResourceAsync"/>.
    /// </summary>
    public async Task KillResourceAsync(string name)
    {
        var killed = new List<string>();
        foreach (var instance in Instances(name))
        {
            var pid = await WaitServiceProcessAsync(instance);
            killed.Add(Processes.Describe(pid));
            Processes.Signal(pid, Processes.SigKill);
        }
        Assert.NotEmpty(killed);
        Output.WriteLine($"SIGKILL {name}: {string.Join(", ", killed)}");
        await WaitNotRunningAsync(name);
    }

    /// <summary>
    /// The process that IS the service behind a resource instance. Aspire reports one pid per executable or project
    /// (<see cref="PidProperty"/>): for an executable (redis-server, postgres) it is the server itself; for a project run
    /// the Aspire way it is the <c>dotnet run --project … --no-build</c> wrapper, whose only child is the service (the
    /// wrapper listens on nothing; the child serves the endpoints). Killing the wrapper would orphan the service, which
    /// would keep serving; killing the child ends the wrapper too (it exits with its child), so the child is the target.
    /// A project started as its built executable has no wrapper: the pid is the service.
    /// </summary>
    public static int ServiceProcess(ResourceEvent instance)
    {
        var pid = ProcessId(instance.Snapshot)
            ?? throw new InvalidOperationException($"'{instance.ResourceId}' reports no process id (state {instance.Snapshot.State?.Text}); it is not running as a process.");
        var commandLine = Processes.CommandLine(pid);
        if (IsDotnetRunWrapper(commandLine))
        {
            var children = Processes.Children(pid);
            return children.Count == 1
                ? children[0]
                : throw new InvalidOperationException($"'{instance.ResourceId}': the dotnet run wrapper {Processes.Describe(pid)} has {children.Count} children, expected the service alone.");
        }
        return pid;
    }

    /// <summary>
    /// <see cref="ServiceProcess"/>, once it exists: right after a start the <c>dotnet run</c> wrapper runs for a moment
    /// before it has started the service.
    /// </summary>
    public static async Task<int> WaitServiceProcessAsync(ResourceEvent instance)
    {
        var deadline = DateTime.UtcNow + CommandTimeout;
        while (true)
        {
            try
            {
                return ServiceProcess(instance);
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>
    /// The service process of every replica of <paramref name="name"/>, once each one runs. A replica can be reported
    /// healthy before its own process has started: the replicas share one proxied endpoint, so the health check that
    /// marks them all healthy may have been answered by another replica (seen in CI: the second of two workers still
    /// had only its <c>dotnet run</c> wrapper).
    /// </summary>
    public async Task<IReadOnlyList<int>> WaitServiceProcessesAsync(string name)
    {
        var deadline = DateTime.UtcNow + CommandTimeout;
        while (true)
        {
            var instances = Instances(name);
            try
            {
                if (instances.Count == Replicas(name))
                {
                    return [.. instances.Select(ServiceProcess)];
                }
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                // not started yet
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"'{name}': {instances.Count} of {Replicas(name)} replicas run their service process after {CommandTimeout.TotalSeconds:0} s. Resources now: {DescribeResources()}");
            }
            await Task.Delay(50);
        }
    }

    private static bool IsDotnetRunWrapper(IReadOnlyList<string> commandLine) =>
        commandLine.Count > 1 && Path.GetFileName(commandLine[0]) == "dotnet" && commandLine.Contains("run") && commandLine.Contains("--project");

    /// <summary>The pid Aspire reports for an executable or project resource, or null (not running, or a container).</summary>
    public static int? ProcessId(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value is { } value
            && Convert.ToInt32(value, CultureInfo.InvariantCulture) is var pid and > 0
            ? pid
            : null;

    /// <summary>
    /// Runs <paramref name="command"/> on every instance of <paramref name="name"/> and fails if it does not succeed.
    /// With <paramref name="whenEnabled"/>, first waits until the command is enabled, as a dashboard button would be
    /// (restart is disabled while the resource starts or stops).
    /// </summary>
    public async Task ExecuteCommandAsync(string name, string command, bool whenEnabled = false)
    {
        using var cts = new CancellationTokenSource(CommandTimeout);
        if (whenEnabled)
        {
            await WaitInstancesAsync(name, instances => instances.All(i =>
                i.Snapshot.Commands.Any(c => c.Name == command && c.State == ResourceCommandState.Enabled)), cts.Token);
        }
        var result = await App.ResourceCommands.ExecuteCommandAsync(Model(name), command, cts.Token);
        Assert.True(result.Success, $"'{command}' on '{name}' failed: {result.Message}");
        Output.WriteLine($"{command} {name}: {result.Message}");
    }

    private async Task WaitNotRunningAsync(string name)
    {
        using var cts = new CancellationTokenSource(CommandTimeout);
        try
        {
            await WaitInstancesAsync(name, instances => instances.All(i => KnownResourceStates.TerminalStates.Contains(i.Snapshot.State?.Text)), cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"'{name}' did not stop within {CommandTimeout.TotalSeconds:0} s. Resources now: {DescribeResources()}");
        }
    }

    /// <summary>
    /// Every instance Running on a new process (a new pid, or for a container a new start time), and healthy: a snapshot
    /// of the previous run can still say Healthy for a moment, so "healthy" alone would not show the restart happened.
    /// </summary>
    private async Task WaitRunningAgainAsync(string name, Dictionary<string, (int? Pid, DateTime? Started)> before, bool untilHealthy)
    {
        using var cts = new CancellationTokenSource(CommandTimeout);
        try
        {
            await WaitInstancesAsync(name, instances => instances.All(IsNew), cts.Token);
            if (untilHealthy)
            {
                await App.ResourceNotifications.WaitForResourceHealthyAsync(name, WaitBehavior.WaitOnResourceUnavailable, cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"'{name}' did not run again{(untilHealthy ? " and become healthy" : string.Empty)} within {CommandTimeout.TotalSeconds:0} s. Resources now: {DescribeResources()}");
        }

        bool IsNew(ResourceEvent instance)
        {
            if (instance.Snapshot.State?.Text != KnownResourceStates.Running
                || (untilHealthy && instance.Snapshot.HealthStatus != HealthStatus.Healthy))
            {
                return false;
            }
            if (!before.TryGetValue(instance.ResourceId, out var previous))
            {
                return true;
            }
            return ProcessId(instance.Snapshot) is { } pid
                ? pid != previous.Pid
                : instance.Snapshot.StartTimeStamp > previous.Started;
        }
    }
}
