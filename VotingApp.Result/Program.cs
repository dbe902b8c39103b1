using VotingApp.Result;

if (HealthCheckCommand.TryRun(args) is { } healthCheckExitCode)
{
    return healthCheckExitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);

builder.AddServiceDefaults();
builder.AddResultServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapResultEndpoints();

app.Run();
return 0;
