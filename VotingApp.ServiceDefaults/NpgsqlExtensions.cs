using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using VotingApp.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>AddNpgsqlDataSource(name)</c> as Aspire.Npgsql defines it: settings from <c>Aspire:Npgsql[:name]</c>, the
/// connection string from <c>ConnectionStrings:name</c>, a singleton <see cref="NpgsqlDataSource"/>, and a health
/// check named <c>PostgreSql</c>, plus the keyed <see cref="DependencyResilience"/> <see cref="ResiliencePipelineNames.PostgreSql"/>.
/// </summary>
public static class NpgsqlExtensions
{
    private const string DefaultConfigSectionName = "Aspire:Npgsql";

    /// <summary>Registers <see cref="NpgsqlDataSource"/> for the connection named <paramref name="connectionName"/>.</summary>
    public static IHostApplicationBuilder AddNpgsqlDataSource(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<NpgsqlClientSettings>? configureSettings = null,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new NpgsqlClientSettings();
        builder.Configuration.GetSection(DefaultConfigSectionName).Bind(settings);
        builder.Configuration.GetSection($"{DefaultConfigSectionName}:{connectionName}").Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }
        configureSettings?.Invoke(settings);

        builder.Services.AddSingleton(sp =>
        {
            if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            {
                throw new InvalidOperationException(
                    $"ConnectionString is missing. It should be provided in 'ConnectionStrings:{connectionName}' or under the " +
                    $"'ConnectionString' key in '{DefaultConfigSectionName}' or '{DefaultConfigSectionName}:{connectionName}' configuration section.");
            }
            var dataSourceBuilder = new NpgsqlDataSourceBuilder(settings.ConnectionString);
            dataSourceBuilder.UseLoggerFactory(sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>());
            configureDataSourceBuilder?.Invoke(dataSourceBuilder);
            return dataSourceBuilder.Build();
        });

        builder.TryAddDependencyResilience(
            ResiliencePipelineNames.PostgreSql,
            "PostgreSql",
            new ResilienceSettings { AttemptTimeoutMilliseconds = 5000 });

        if (!settings.DisableHealthChecks)
        {
            builder.TryAddHealthCheck(
                "PostgreSql",
                hc => hc.Add(new HealthCheckRegistration(
                    "PostgreSql",
                    sp => new NpgsqlHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()),
                    failureStatus: HealthStatus.Unhealthy,
                    tags: ["ready"],
                    timeout: TimeSpan.FromSeconds(settings.HealthCheckTimeoutSeconds))));
        }
        return builder;
    }
}
