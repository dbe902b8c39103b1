using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace VotingApp.Worker;

/// <summary>
/// <c>worker-loop</c>: Unhealthy when the processing loop has made no progress for longer than
/// <see cref="WorkerOptions.StuckAfterSeconds"/>. A dependency outage is not "stuck": the loop keeps retrying, and the
/// Redis and PostgreSQL checks report that.
/// </summary>
internal sealed class WorkerLoopHealthCheck(WorkerStats stats, IOptions<WorkerOptions> options) : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "worker-loop";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var since = stats.SinceLastIteration;
        var limit = TimeSpan.FromSeconds(options.Value.StuckAfterSeconds);
        return Task.FromResult(since > limit
            ? HealthCheckResult.Unhealthy($"no loop iteration for {since.TotalSeconds:0} s")
            : HealthCheckResult.Healthy($"last iteration {since.TotalMilliseconds:0} ms ago"));
    }
}
