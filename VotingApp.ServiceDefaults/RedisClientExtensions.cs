using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using VotingApp.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>AddRedisClient(name)</c> as Aspire.StackExchange.Redis defines it: settings from
/// <c>Aspire:StackExchange:Redis[:name]</c>, the connection string from <c>ConnectionStrings:name</c>, one singleton
/// <see cref="IConnectionMultiplexer"/> that keeps retrying (<c>AbortOnConnectFail=false</c>), and a health check
/// named <c>StackExchange.Redis</c>, plus the keyed <see cref="DependencyResilience"/> <see cref="ResiliencePipelineNames.Redis"/>.
/// </summary>
public static class RedisClientExtensions
{
    private const string DefaultConfigSectionName = "Aspire:StackExchange:Redis";

    /// <summary>Registers <see cref="IConnectionMultiplexer"/> for the connection named <paramref name="connectionName"/>.</summary>
    public static IHostApplicationBuilder AddRedisClient(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<RedisClientSettings>? configureSettings = null,
        Action<ConfigurationOptions>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new RedisClientSettings();
        builder.Configuration.GetSection(DefaultConfigSectionName).Bind(settings);
        builder.Configuration.GetSection($"{DefaultConfigSectionName}:{connectionName}").Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }
        configureSettings?.Invoke(settings);

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            {
                throw new InvalidOperationException(
                    $"No endpoints specified. Ensure a valid connection string was provided in 'ConnectionStrings:{connectionName}' " +
                    $"or for the '{DefaultConfigSectionName}:ConnectionString' configuration key.");
            }
            var options = ConfigurationOptions.Parse(settings.ConnectionString);
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = settings.ConnectTimeoutMilliseconds;
            options.SyncTimeout = settings.SyncTimeoutMilliseconds;
            options.ClientName ??= builder.Environment.ApplicationName;
            configureOptions?.Invoke(options);
            return ConnectionMultiplexer.Connect(options);
        });

        builder.TryAddDependencyResilience(
            ResiliencePipelineNames.Redis,
            "Redis",
            new ResilienceSettings { AttemptTimeoutMilliseconds = settings.SyncTimeoutMilliseconds });

        if (!settings.DisableHealthChecks)
        {
            builder.TryAddHealthCheck(
                "StackExchange.Redis",
                hc => hc.Add(new HealthCheckRegistration(
                    "StackExchange.Redis",
                    sp => new RedisHealthCheck(sp.GetRequiredService<IConnectionMultiplexer>()),
                    failureStatus: HealthStatus.Unhealthy,
                    tags: ["ready"],
                    timeout: TimeSpan.FromSeconds(settings.HealthCheckTimeoutSeconds))));
        }
        return builder;
    }

    internal static void TryAddHealthCheck(this IHostApplicationBuilder builder, string name, Action<IHealthChecksBuilder> add)
    {
        // Register each named check once, however often the client is added (Aspire's HealthChecksExtensions).
        var key = $"Aspire.HealthChecks.{name}";
        if (builder.Properties.ContainsKey(key))
        {
            return;
        }
        builder.Properties[key] = true;
        add(builder.Services.AddHealthChecks());
    }
}
