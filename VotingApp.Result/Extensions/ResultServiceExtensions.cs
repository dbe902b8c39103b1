using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly;
using VotingApp.Queue;
using VotingApp.ServiceDefaults.Web;

namespace VotingApp.Result;

/// <summary>The result service's registrations and endpoints, called by Program.cs.</summary>
public static class ResultServiceExtensions
{
    /// <summary>The database client (<c>votesdb</c>), its pipeline, the tally monitor and the live broadcaster.</summary>
    public static IHostApplicationBuilder AddResultServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddVotesDatabase("votesdb");
        builder.AddProxyHeaders();
        builder.Services.AddResiliencePipeline(DependencyResilience.PostgreSql, DependencyResilience.ConfigurePostgreSql);

        builder.Services.AddSingleton(sp => OptionLabels.FromConfiguration(sp.GetRequiredService<IConfiguration>(), "Result"));
        // result-worker.js: the live stream shared by every tab of a browser (see result.js)
        builder.Services.AddSingleton(PageAssets.Load(typeof(ResultEndpoints).Assembly, "result", withWorker: true));
        builder.Services.AddSingleton<ResultBroadcaster>();
        builder.Services.AddSingleton<ResultEndpoints>();
        builder.Services.AddSingleton<ResultMetrics>();
        builder.Services.AddHostedService<TallyMonitor>();
        // Ready (/health) only once this instance has read the tally: until then /api/results answers 503, so neither a
        // load balancer nor the AppHost's WaitFor should send viewers here yet. Not in /alive: the process is fine.
        builder.Services.AddHealthChecks().AddCheck<TallyKnownCheck>("tally");
        return builder;
    }

    /// <summary>Healthy once <see cref="ResultBroadcaster.Current"/> holds a tally read from the database.</summary>
    private sealed class TallyKnownCheck(ResultBroadcaster broadcaster) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(broadcaster.Current is null
                ? HealthCheckResult.Unhealthy("the tally has not been read from the database yet")
                : HealthCheckResult.Healthy());
    }

    /// <summary>Forwarded headers from configured proxies and HSTS (<see cref="ProxyHeaders"/>), security headers on every response, then the page, the results API, the live stream and the assets.</summary>
    public static WebApplication MapResultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseProxyHeaders();
        app.UseSecurityHeaders();
        ResultEndpoints.Map(app);
        return app;
    }
}
