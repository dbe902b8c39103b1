using VotingApp.Worker;

if (HealthCheckCommand.TryRun(args) is { } healthCheckExitCode)
{
    return healthCheckExitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddWorkerServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
return 0;
