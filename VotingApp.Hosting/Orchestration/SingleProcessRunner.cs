using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Orchestration;

/// <summary>A resource run as one server process (Redis, PostgreSQL): its id, its graceful stop signal, its kill.</summary>
internal abstract class SingleProcessRunner(IResource resource, OrchestratorContext context) : ResourceRunner(resource, context)
{
    /// <summary>The running server, once started.</summary>
    protected ManagedProcess? Process { get; set; }

    /// <summary>The signal that asks the server to stop cleanly (SIGTERM, or SIGINT for PostgreSQL's fast shutdown).</summary>
    protected abstract int StopSignal { get; }

    /// <summary>How long a clean stop may take before the process is killed.</summary>
    protected virtual TimeSpan StopTimeout => TimeSpan.FromSeconds(5);

    public sealed override IReadOnlyList<int> ProcessIds => Process is { HasExited: false } p ? [p.Pid] : [];

    public sealed override ProcessLaunch? Launch => Process?.Launch;

    public sealed override async Task StopAsync()
    {
        if (Process is not null)
        {
            await Process.StopAsync(StopSignal, StopTimeout).ConfigureAwait(false);
        }
    }

    public sealed override void Kill() => Process?.Kill();
}
