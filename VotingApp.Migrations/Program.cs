using VotingApp.Migrations;

var builder = Host.CreateApplicationBuilder(args);
builder.AddMigrationServices();

using var host = builder.Build();
await host.StartAsync().ConfigureAwait(false);
// SIGTERM (a stop from the dashboard, docker or the kubelet) stops the host, and with it a migration still waiting
var exitCode = await host.Services.GetRequiredService<SchemaMigration>()
    .RunAsync(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping).ConfigureAwait(false);
// stopping flushes the telemetry exporters: the run's trace and log lines reach the dashboard before the process ends
await host.StopAsync().ConfigureAwait(false);
return exitCode;
