using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// Same namespace as Aspire's ServiceDefaults template and client integrations, so that service code reads
// identically under real Aspire and needs no using directive.
namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Adds the services every VotingApp service shares: health checks, (later) telemetry and resilience.
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

    /// <summary>Adds health checks and the other shared defaults.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddDefaultHealthChecks();
        return builder;
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
    /// <c>HealthChecks:Detailed</c> is true.
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
        return app;
    }
}
