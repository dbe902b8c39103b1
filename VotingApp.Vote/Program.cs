using VotingApp.Vote;

if (HealthCheckCommand.TryRun(args) is { } healthCheckExitCode)
{
    return healthCheckExitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);

builder.AddServiceDefaults();
builder.AddVoteServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapVoteEndpoints();

app.Run();
return 0;
