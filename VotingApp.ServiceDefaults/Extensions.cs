using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

// The Aspire ServiceDefaults template (service discovery, resilience, health checks, OpenTelemetry), on its packages.
// Our additions, each explained where it is made: /metrics (Prometheus), tracing only while traces are exported,
// new traces rate limited, probe paths untraced, a cardinality limit, a one-second bound on every health check, and
// /health and /alive in every environment.
public static class Extensions
{
    /// <summary>Readiness: every registered check must pass (the dependencies answer).</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness: only checks tagged <see cref="LiveTag"/>; never touches a dependency.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Prometheus scrape path (deploy/monitoring and the Helm chart's annotations use it).</summary>
    public const string MetricsEndpointPath = "/metrics";

    /// <summary>Tag of the checks that <see cref="AlivenessEndpointPath"/> runs.</summary>
    public const string LiveTag = "live";

    /// <summary>Prefix of the application's own activity sources and meters (<c>VotingApp.Vote</c>, <c>VotingApp.Queue</c>, …).</summary>
    public const string ApplicationTelemetryPrefix = "VotingApp.*";

    /// <summary>
    /// Attribute sets kept per metric stream. The SDK's default (2,000) preallocates about 200 KB per stream, 10 MiB of
    /// heap across the ~60 streams a service has; the busiest stream here (HTTP request duration by method, route and
    /// status) has a few dozen. Sets beyond the limit are not dropped: they are summed under <c>otel.metric.overflow="true"</c>.
    /// </summary>
    public const int CardinalityLimit = 200;

    /// <summary>
    /// The longest any health check may take. Aspire's Redis and PostgreSQL checks have no timeout: with Redis down,
    /// <c>/health</c> took 6 s to answer, longer than a probe waits. Bounded, <c>/health</c> answers within a second
    /// whatever is down (a check that runs out of time is Unhealthy).
    /// </summary>
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Setting: new traces each service instance starts per second at most (<see cref="RateLimitingSampler"/>); default
    /// <see cref="DefaultTracesPerSecond"/>; 0 traces every request. Set in code, so the SDK does not read
    /// <c>OTEL_TRACES_SAMPLER</c> (Aspire sets it to <c>always_on</c> in Development).
    /// </summary>
    public const string TracesPerSecondSetting = "Telemetry:TracesPerSecond";

    /// <summary>
    /// Every vote of a person clicking is traced; under load, ten a second per instance are, which the dashboard shows
    /// 6,000 of a minute after. The Aspire dashboard spends about 3 ms of CPU ingesting one vote's trace: at 100 a second
    /// it took 3.3 s of CPU during a 1,000-vote latency run on two cores and doubled the vote → live p99 (15.9 → 24.4 ms);
    /// at 10 a second, 0.9 s and 17.4 ms (docs/benchmarks.md).
    /// </summary>
    public const double DefaultTracesPerSecond = 10;

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>Whether telemetry is exported over OTLP (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, as Aspire sets it).</summary>
    public static bool IsOtlpExportEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME wins when set (the AppHost and the deploy manifests set it); otherwise the application's
            // name, so that no deployment reports unknown_service.
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(builder.Environment.ApplicationName);
                }
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(ApplicationTelemetryPrefix)
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = CardinalityLimit })
                // collected on each scrape, not served from a cache up to 300 ms old
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

        if (IsOtlpExportEnabled(builder.Configuration))
        {
            // Traces exist only to be exported: without an exporter a tracer would cost time on every request and
            // record spans nobody reads (docs/benchmarks.md measures the export-off configuration without one).
            var tracesPerSecond = builder.Configuration.GetValue(TracesPerSecondSetting, DefaultTracesPerSecond);
            otel.WithTracing(tracing => tracing
                // a trace once started is followed through every service (parent-based); roots are rate limited
                .SetSampler(new ParentBasedSampler(tracesPerSecond > 0 ? new RateLimitingSampler(tracesPerSecond) : new AlwaysOnSampler()))
                .AddSource(builder.Environment.ApplicationName, ApplicationTelemetryPrefix)
                // probes and scrapes would bury the votes: a new trace every few seconds per service
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation());
            // Each export (and the final flush at shutdown, once per signal) waits at most 1 s for the collector instead
            // of the SDK's 10 s. Run mode stops a project by stopping its `dotnet run` wrapper, which DCP gives about
            // 5 s: with no collector answering, the worker took ~11 s to stop and outlived its wrapper, still serving.
            if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_TIMEOUT"]))
            {
                builder.Configuration["OTEL_EXPORTER_OTLP_TIMEOUT"] = "1000";
            }
            otel.UseOtlpExporter();
        }
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        // every check, ours and the client integrations', is bounded by HealthCheckTimeout
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                if (registration.Timeout == Timeout.InfiniteTimeSpan || registration.Timeout > HealthCheckTimeout)
                {
                    registration.Timeout = HealthCheckTimeout;
                }
                var factory = registration.Factory;
                registration.Factory = services => new BoundedHealthCheck(factory(services));
            }
        });
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: all checks) and <c>/alive</c> (live: <see cref="LiveTag"/> checks only) in every
    /// environment, unlike the template (Development only): Kubernetes probes and the AppHost's health checks need them
    /// in production. Output is the status word alone unless <c>HealthChecks:Detailed</c> is true. Also maps
    /// <c>/metrics</c> (Prometheus text format). None of the three is traced or counted in the HTTP metrics.
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
        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath).DisableHttpMetrics();
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath) || path.StartsWithSegments(MetricsEndpointPath);

    /// <summary>Stops waiting for a check once the health service's timeout cancels it, whether or not the check listens.</summary>
    private sealed class BoundedHealthCheck(IHealthCheck check) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            check.CheckHealthAsync(context, cancellationToken).WaitAsync(cancellationToken);
    }
}
