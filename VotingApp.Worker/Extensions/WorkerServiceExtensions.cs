using Polly;
using VotingApp.Queue;

namespace VotingApp.Worker;

/// <summary>The worker's registrations, called by Program.cs.</summary>
public static class WorkerServiceExtensions
{
    /// <summary>
    /// The queue (Redis connection <c>cache</c>) and the database (<c>votesdb</c>) clients, the PostgreSQL pipeline (the
    /// batch upsert is idempotent; the queue's take and acknowledgement are not, and keep the loop's own retry), the
    /// validated <see cref="WorkerOptions"/>, the loop, its metrics and its liveness check.
    /// </summary>
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddVoteQueue("cache");
        builder.AddVotesDatabase("votesdb");
        builder.Services.AddResiliencePipeline(DependencyResilience.PostgreSql, DependencyResilience.ConfigurePostgreSql);

        builder.Services.AddOptions<WorkerOptions>()
            .Bind(builder.Configuration.GetSection(WorkerOptions.SectionName))
            .Validate(o => o.BatchSize is >= 1 and <= 100_000, "Worker:BatchSize must be between 1 and 100000.")
            .Validate(o => o.MaxIdleDelayMilliseconds is >= 1 and <= 1_000, "Worker:MaxIdleDelayMilliseconds must be between 1 and 1000.")
            .Validate(o => o.BatchWindowMilliseconds is >= 0 and <= 1_000 && o.SmallBatch >= 1, "Worker:BatchWindowMilliseconds must be between 0 and 1000 and Worker:SmallBatch at least 1.")
            .Validate(o => o.HeartbeatIntervalSeconds > 0 && o.HeartbeatTtlSeconds > o.HeartbeatIntervalSeconds, "Worker:HeartbeatTtlSeconds must exceed Worker:HeartbeatIntervalSeconds.")
            .Validate(o => o.RecoveryIntervalSeconds > 0 && o.StuckAfterSeconds > 0 && o.ShutdownGraceSeconds >= 0, "Worker intervals must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WorkerStats>();
        builder.Services.AddSingleton<QueueDepthSampler.Depths>();
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddSingleton<VoteStore>();
        builder.Services.AddHostedService<VoteWorker>();
        builder.Services.AddHostedService<QueueDepthSampler>();
        builder.Services.AddHealthChecks()
            .AddCheck<WorkerLoopHealthCheck>(WorkerLoopHealthCheck.Name, tags: [Extensions.LiveTag]);
        return builder;
    }
}
