using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;
using Polly.DependencyInjection;
using Polly.Retry;
using Polly.Timeout;
using StackExchange.Redis;

namespace VotingApp.Queue;

/// <summary>
/// The Polly pipelines of the two dependencies, registered by name where a service declares them
/// (<c>services.AddResiliencePipeline(DependencyResilience.Redis, DependencyResilience.ConfigureRedis)</c>) and
/// injected as <c>[FromKeyedServices(DependencyResilience.Redis)] ResiliencePipeline</c>. Each is retry (transient
/// failures, jittered exponential back-off) → circuit breaker → per-attempt timeout, tuned under
/// <c>Resilience:Redis</c> / <c>Resilience:PostgreSql</c>.
/// </summary>
public static class DependencyResilience
{
    /// <summary>Redis calls (the vote's RPUSH batches).</summary>
    public const string Redis = "Redis";

    /// <summary>PostgreSQL calls (the worker's batch upsert, the result's tally read).</summary>
    public const string PostgreSql = "PostgreSql";

    /// <summary>Builds the <see cref="Redis"/> pipeline from <c>Resilience:Redis</c>.</summary>
    public static void ConfigureRedis(ResiliencePipelineBuilder builder, AddResiliencePipelineContext<string> context) =>
        Configure(builder, context, new ResilienceSettings { AttemptTimeoutMilliseconds = 5000 });

    /// <summary>Builds the <see cref="PostgreSql"/> pipeline from <c>Resilience:PostgreSql</c>.</summary>
    public static void ConfigurePostgreSql(ResiliencePipelineBuilder builder, AddResiliencePipelineContext<string> context) =>
        Configure(builder, context, new ResilienceSettings { AttemptTimeoutMilliseconds = 5000 });

    private static void Configure(ResiliencePipelineBuilder builder, AddResiliencePipelineContext<string> context, ResilienceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(context);
        context.ServiceProvider.GetRequiredService<IConfiguration>().GetSection($"Resilience:{context.PipelineKey}").Bind(settings);
        Build(builder, settings);
    }

    /// <summary>Adds the strategies to <paramref name="builder"/> (public for tests and tools).</summary>
    public static ResiliencePipelineBuilder Build(ResiliencePipelineBuilder builder, ResilienceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var shouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient);
        if (settings.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = shouldHandle,
                MaxRetryAttempts = settings.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(settings.BaseDelayMilliseconds),
                MaxDelay = TimeSpan.FromMilliseconds(settings.MaxDelayMilliseconds),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = shouldHandle,
            FailureRatio = settings.FailureRatio,
            MinimumThroughput = Math.Max(2, settings.MinimumThroughput),
            SamplingDuration = TimeSpan.FromSeconds(Math.Max(0.5, settings.SamplingDurationSeconds)),
            BreakDuration = TimeSpan.FromSeconds(Math.Max(0.5, settings.BreakDurationSeconds)),
        });
        return builder.AddTimeout(TimeSpan.FromMilliseconds(settings.AttemptTimeoutMilliseconds));
    }

    /// <summary>
    /// Failures worth another attempt: the dependency could not be reached or did not answer in time. Never a refusal of
    /// the open circuit, a cancellation by the caller, or an error the server answered with.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        BrokenCircuitException => false,
        TimeoutRejectedException => true,
        OperationCanceledException => false,
        RedisServerException => false,
        RedisConnectionException or RedisTimeoutException => true,
        PostgresException postgres => postgres.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException or SocketException or IOException => true,
        _ => false,
    };
}

/// <summary>Retry, circuit-breaker and timeout settings of one dependency, bound from <c>Resilience:&lt;name&gt;</c>.</summary>
public sealed class ResilienceSettings
{
    /// <summary>Retries after the first attempt (0 turns retrying off).</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First retry delay; it doubles per retry, with jitter.</summary>
    public double BaseDelayMilliseconds { get; set; } = 50;

    /// <summary>Longest retry delay.</summary>
    public double MaxDelayMilliseconds { get; set; } = 1000;

    /// <summary>How long one attempt may take before it is abandoned (and counted as a failure).</summary>
    public double AttemptTimeoutMilliseconds { get; set; } = 2000;

    /// <summary>Share of failed attempts within <see cref="SamplingDurationSeconds"/> that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within <see cref="SamplingDurationSeconds"/> before the circuit may open.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window the failure ratio is measured over.</summary>
    public double SamplingDurationSeconds { get; set; } = 10;

    /// <summary>How long an open circuit refuses calls before it lets one through to probe.</summary>
    public double BreakDurationSeconds { get; set; } = 5;
}
