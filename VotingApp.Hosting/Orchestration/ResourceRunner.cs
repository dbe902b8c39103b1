using Microsoft.Extensions.Diagnostics.HealthChecks;
using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Orchestration;

/// <summary>Runs one resource locally: prepares it, starts and stops its processes, checks its health.</summary>
internal abstract class ResourceRunner(IResource resource, OrchestratorContext context)
{
    public IResource Resource { get; } = resource;

    protected OrchestratorContext Context { get; } = context;

    /// <summary>Whether the AppHost checks health beyond "the process runs".</summary>
    public virtual bool HasHealthChecks => true;

    /// <summary>What runs it (shown in the console and dashboard).</summary>
    public virtual string? RuntimeDescription => null;

    /// <summary>OS process ids.</summary>
    public abstract IReadOnlyList<int> ProcessIds { get; }

    /// <summary>How its (first) process was last started; null when it runs no process of its own.</summary>
    public virtual ProcessLaunch? Launch => null;

    /// <summary>Checks prerequisites (programs installed, folders writable) before anything starts.</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts the processes; returns their exit task (completes when the resource's processes have all ended).</summary>
    public abstract Task<Task<int>> StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops gracefully, killing after a grace period.</summary>
    public abstract Task StopAsync();

    /// <summary>SIGKILL every process (fault tests).</summary>
    public abstract void Kill();

    /// <summary>One health probe.</summary>
    public abstract Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken);

    /// <summary>Runs once after the resource is healthy the first time (creating databases, …).</summary>
    public virtual Task OnReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
