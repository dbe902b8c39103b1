using Polly;
using VotingApp.Queue;
using VotingApp.ServiceDefaults.Web;
using VotingApp.Vote;

if (HealthCheckCommand.TryRun(args) is { } healthCheckExitCode)
{
    return healthCheckExitCode;
}

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);

builder.AddServiceDefaults();
builder.AddVoteQueue("cache");
builder.Services.AddResiliencePipeline(DependencyResilience.Redis, DependencyResilience.ConfigureRedis);

builder.Services.AddSingleton(sp => OptionLabels.FromConfiguration(sp.GetRequiredService<IConfiguration>(), "Vote"));
builder.Services.AddSingleton(PageAssets.Load(typeof(VoteEndpoints).Assembly, "vote"));
builder.Services.AddSingleton(sp => new VotePage(
    sp.GetRequiredService<OptionLabels>(), sp.GetRequiredService<PageAssets>(), Environment.MachineName));
builder.Services.AddSingleton<VoteSubmitter>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<VoteSubmitter>());
builder.Services.AddSingleton<VoteEndpoints>();
builder.Services.AddSingleton<VoteMetrics>();

var app = builder.Build();

app.UseSecurityHeaders();
app.MapDefaultEndpoints();
VoteEndpoints.Map(app);

app.Run();
return 0;
