using VotingApp.ServiceDefaults.Web;
using VotingApp.Queue;
using VotingApp.Vote;

if (HealthCheckCommand.TryRun(args) is { } healthCheckExitCode)
{
    return healthCheckExitCode;
}

var builder = WebApplication.CreateBuilder(args);

// Per-request Information logs (request starting/finished) would cost more than the vote itself: quiet by default,
// still adjustable through configuration (Logging:LogLevel:Microsoft.AspNetCore).
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
{
    InitialData = [new("Logging:LogLevel:Microsoft.AspNetCore", "Warning")],
});
builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);

builder.AddServiceDefaults();
builder.AddRedisClient("cache");

builder.Services.AddSingleton<VoteQueue>();
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
