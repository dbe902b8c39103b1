using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using VotingApp.ServiceDefaults;
using VotingApp.ServiceDefaults.Prometheus;

// Same namespace as Aspire's ServiceDefaults template and client integrations, so that service code reads
// identically under real Aspire and needs no using directive.
namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Adds the services every VotingApp service shares: OpenTelemetry, health checks, and resilience for HttpClient.
/// Mirrors the Aspire ServiceDefaults template's shape and constants.
/// </summary>
public static class Extensions
{
    /// <summary>Readiness: every registered check must pass (the dependencies answer).</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness: only checks tagged <c>live</c>; never touches a dependency.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Tag of the checks that <see cref="AlivenessEndpointPath"/> runs.</summary>
    public const string LiveTag = "live";

    /// <summary>Prometheus scrape path, mapped by <see cref="MapDefaultEndpoints"/>.</summary>
    public const string MetricsEndpointPath = PrometheusEndpoint.Path;

    /// <summary>
    /// Adds OpenTelemetry (<see cref="OpenTelemetryExtensions.ConfigureOpenTelemetry"/>), the default health checks,
    /// and a resilience handler (retry, circuit breaker, timeout; <c>Resilience:Http</c>) on every HttpClient.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        var httpSettings = ResiliencePipelineFactory.ReadSettings(
            builder.Configuration, "Http", new ResilienceSettings { AttemptTimeoutMilliseconds = 10_000, MaxDelayMilliseconds = 2_000 });
        builder.Services.TryAddKeyedSingleton(
            ResiliencePipelineNames.Http, (_, _) => ResilienceHttpHandler.CreatePipeline(httpSettings));
        builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(sp =>
            new ResilienceHttpHandler(sp.GetRequiredKeyedService<Polly.ResiliencePipeline<HttpResponseMessage>>(ResiliencePipelineNames.Http))));
        return builder;
    }

    /// <summary>The <see cref="DependencyResilience"/> of <paramref name="name"/> (see <see cref="ResiliencePipelineNames"/>), built once from <c>Resilience:<paramref name="section"/></c>.</summary>
    internal static void TryAddDependencyResilience(this IHostApplicationBuilder builder, string name, string section, ResilienceSettings defaults)
    {
        var settings = ResiliencePipelineFactory.ReadSettings(builder.Configuration, section, defaults);
        builder.Services.TryAddKeyedSingleton(name, (sp, _) => ResiliencePipelineFactory.Create(
            name,
            settings,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("VotingApp.Resilience"),
            sp.GetService<TimeProvider>()));
    }

    /// <summary>Adds the <c>self</c> liveness check (always healthy while the process answers).</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: all checks) and <c>/alive</c> (live: <c>live</c> checks only) in every environment,
    /// because Kubernetes probes and the AppHost need them. Output is the status word alone unless
    /// <c>HealthChecks:Detailed</c> is true. Also maps <c>/metrics</c> (Prometheus text format). None of the three is
    /// traced or counted in the HTTP metrics.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var detailed = app.Configuration.GetValue("HealthChecks:Detailed", false);
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            ResponseWriter = detailed ? HealthResponseWriter.WriteDetailed : HealthResponseWriter.WriteStatus,
        }).DisableHttpMetrics();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteStatus,
        }).DisableHttpMetrics();
        app.MapGet(MetricsEndpointPath, PrometheusEndpoint.WriteAsync).DisableHttpMetrics();
        return app;
    }
}
