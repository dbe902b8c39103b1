using Polly;
using VotingApp.Queue;
using VotingApp.ServiceDefaults.Web;
using VotingApp.Result;

if (HealthCheckCommand.TryRun(args) is { } healthCheckExitCode)
{
    return healthCheckExitCode;
}

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);

builder.AddServiceDefaults();
builder.AddVotesDatabase("votesdb");
builder.Services.AddResiliencePipeline(DependencyResilience.PostgreSql, DependencyResilience.ConfigurePostgreSql);

builder.Services.AddSingleton(sp => OptionLabels.FromConfiguration(sp.GetRequiredService<IConfiguration>(), "Result"));
builder.Services.AddSingleton(PageAssets.Load(typeof(ResultEndpoints).Assembly, "result"));
builder.Services.AddSingleton<ResultBroadcaster>();
builder.Services.AddSingleton<ResultEndpoints>();
builder.Services.AddSingleton<ResultMetrics>();
builder.Services.AddHostedService<TallyMonitor>();

var app = builder.Build();

app.UseSecurityHeaders();
app.MapDefaultEndpoints();
ResultEndpoints.Map(app);

app.Run();
return 0;
