using Polly;
using VotingApp.Queue;
using VotingApp.ServiceDefaults.Web;

namespace VotingApp.Vote;

/// <summary>The vote service's registrations and endpoints, called by Program.cs (and by the in-process tests).</summary>
public static class VoteServiceExtensions
{
    /// <summary>The queue client (Redis connection <c>cache</c>), its resilience pipeline, and the service's own parts.</summary>
    public static IHostApplicationBuilder AddVoteServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddVoteQueue("cache");
        builder.AddProxyHeaders();
        builder.Services.AddResiliencePipeline(DependencyResilience.Redis, DependencyResilience.ConfigureRedis);

        builder.Services.AddSingleton(sp => OptionLabels.FromConfiguration(sp.GetRequiredService<IConfiguration>(), "Vote"));
        builder.Services.AddSingleton(PageAssets.Load(typeof(VoteEndpoints).Assembly, "vote"));
        builder.Services.AddSingleton(sp => new VotePage(
            sp.GetRequiredService<OptionLabels>(), sp.GetRequiredService<PageAssets>(), Environment.MachineName));
        builder.Services.AddSingleton<VoteSubmitter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VoteSubmitter>());
        builder.Services.AddSingleton<VoteEndpoints>();
        builder.Services.AddSingleton<VoteMetrics>();
        return builder;
    }

    /// <summary>Forwarded headers from configured proxies and HSTS (<see cref="ProxyHeaders"/>), security headers on every response, then <c>GET /</c>, <c>POST /</c>, <c>POST /api/vote</c> and the page's assets.</summary>
    public static WebApplication MapVoteEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseProxyHeaders();
        app.UseSecurityHeaders();
        VoteEndpoints.Map(app);
        return app;
    }
}
