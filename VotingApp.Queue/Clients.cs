using System.Diagnostics;
using Aspire.Npgsql;
using Aspire.StackExchange.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace VotingApp.Queue;

/// <summary>
/// The Redis and PostgreSQL clients of the two contracts, on Aspire's client integrations
/// (<c>AddRedisClient</c>, <c>AddNpgsqlDataSource</c>: connection strings, configuration sections, health checks
/// <c>StackExchange.Redis</c> and <c>PostgreSql</c>, logging, metrics), with the settings that keep VotingApp's
/// behaviour under faults and its traces readable.
/// </summary>
public static class Clients
{
    /// <summary>
    /// Pause between reconnection attempts while Redis is unreachable. The client's default (exponential back-off)
    /// took the first vote after a Redis restart to ~2.9 s; linear at this interval, ~0.9 s.
    /// </summary>
    public const int ReconnectIntervalMilliseconds = 500;

    /// <summary>
    /// Registers the <see cref="IConnectionMultiplexer"/> of <paramref name="connectionName"/> with Aspire's
    /// <c>AddRedisClient</c>, and <see cref="VoteQueue"/> on it. Settings may still be overridden under
    /// <c>Aspire:StackExchange:Redis[:name]</c> (e.g. <c>ConfigurationOptions:ConnectTimeout</c>).
    /// </summary>
    public static IHostApplicationBuilder AddVoteQueue(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRedisClient(connectionName, ConfigureRedisSettings, options =>
        {
            ConfigureRedisOptions(options);
            options.ClientName ??= builder.Environment.ApplicationName;
            // The published compose file and chart keep the password out of the connection string (a password with ','
            // cannot be written in one) and pass it as Aspire's connection property <NAME>_PASSWORD, e.g. CACHE_PASSWORD.
            options.Password ??= builder.Configuration[$"{connectionName.ToUpperInvariant().Replace('-', '_')}_PASSWORD"];
        });
        builder.Services.AddSingleton<VoteQueue>();
        return builder;
    }

    /// <summary>The component settings every VotingApp Redis client uses.</summary>
    public static void ConfigureRedisSettings(StackExchangeRedisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // No per-command span: measured on a plain RPUSH endpoint with 32 connections (AOT), the client's command
        // tracing (on by default in Aspire.StackExchange.Redis) cost 27 % of throughput and took p99 from 3–9 ms to
        // 230–245 ms, with no exporter configured at all. The queue traces what a vote needs itself (VoteQueue: one
        // producer span per RPUSH batch, the worker's take and acknowledgement inside the batch's trace).
        settings.DisableTracing = true;
        // Connect when the host starts, not on first use: a lazy first connection stalled a cold burst of 32
        // connections (0 responses in 5 s); activated at start, the same burst was served at full speed.
        settings.DisableAutoActivation = false;
    }

    /// <summary>
    /// Fault behaviour of the multiplexer: keep retrying the connection in the background (never abort the start), and
    /// while Redis is gone fail commands at once instead of holding them in a backlog (the client's default held them up
    /// to ~6 s): the vote answers 503 immediately, the worker's loop backs off and retries.
    /// </summary>
    public static void ConfigureRedisOptions(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(ReconnectIntervalMilliseconds);
    }

    /// <summary>
    /// Registers the <see cref="Npgsql.NpgsqlDataSource"/> of <paramref name="connectionName"/> with Aspire's
    /// <c>AddNpgsqlDataSource</c>. Commands are traced only inside a recorded trace (a worker batch, a result push); the
    /// result's keep-alive probe, LISTEN and safety re-reads, the health check's query (under an unrecorded probe
    /// request) and the connection pool's opens would otherwise make a one-span trace every few seconds. Traced at all
    /// only while traces are exported.
    /// </summary>
    public static IHostApplicationBuilder AddVotesDatabase(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // the variable the ServiceDefaults read to export (Extensions.IsOtlpExportEnabled)
        var exported = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.AddNpgsqlDataSource(
            connectionName,
            (NpgsqlSettings settings) => settings.DisableTracing |= !exported,
            dataSource => dataSource.ConfigureTracing(tracing => tracing
                .ConfigureCommandFilter(static _ => IsInRecordedTrace())
                .ConfigureBatchFilter(static _ => IsInRecordedTrace())
                .EnablePhysicalOpenTracing(false)));
        return builder;
    }

    private static bool IsInRecordedTrace() => Activity.Current is { Recorded: true };
}
