using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using StackExchange.Redis;

namespace VotingApp.ServiceDefaults;

/// <summary>Builds the pipelines from configuration; the strategies and what each retries are fixed here.</summary>
public static class ResiliencePipelineFactory
{
    /// <summary>Reads <c>Resilience:<paramref name="section"/></c> over the given defaults.</summary>
    public static ResilienceSettings ReadSettings(IConfiguration configuration, string section, ResilienceSettings? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = defaults ?? new ResilienceSettings();
        configuration.GetSection($"Resilience:{section}").Bind(settings);
        return settings;
    }

    /// <summary>
    /// A pipeline for calls that fail with exceptions (Redis, PostgreSQL): retries transient failures (connection
    /// errors, timeouts), never a refusal of the open circuit or a cancellation by the caller.
    /// </summary>
    public static DependencyResilience Create(string name, ResilienceSettings settings, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        var circuit = new CircuitBreakerStateProvider();
        var shouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient);
        var builder = new ResiliencePipelineBuilder { Name = name, TimeProvider = timeProvider ?? TimeProvider.System };
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
            StateProvider = circuit,
            OnOpened = args =>
            {
                ResilienceLog.CircuitOpened(logger, name, args.BreakDuration.TotalSeconds, args.Outcome.Exception?.GetType().Name ?? "failure");
                return default;
            },
            OnClosed = _ =>
            {
                ResilienceLog.CircuitClosed(logger, name);
                return default;
            },
        });
        builder.AddTimeout(TimeSpan.FromMilliseconds(settings.AttemptTimeoutMilliseconds));
        return new DependencyResilience(builder.Build(), circuit);
    }

    /// <summary>Failures worth another attempt: the dependency could not be reached or did not answer in time.</summary>
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
