using VotingApp.ServiceDefaults.Web;
using VotingApp.Result;

if (HealthCheckCommand.TryRun(args) is { } healthCheckExitCode)
{
    return healthCheckExitCode;
}

var builder = WebApplication.CreateBuilder(args);

// Per-request and per-command Information logs (ASP.NET Core's request lines, Npgsql's "command completed" for every
// tally read) would flood the console: quiet by default, still adjustable through configuration.
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
{
    InitialData =
    [
        new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
        new("Logging:LogLevel:Npgsql", "Warning"),
    ],
});
builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("votesdb");

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
