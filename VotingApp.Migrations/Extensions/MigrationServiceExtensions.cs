using Microsoft.Extensions.DependencyInjection.Extensions;
using VotingApp.Queue;

namespace VotingApp.Migrations;

/// <summary>The migration tool's registrations, called by Program.cs.</summary>
public static class MigrationServiceExtensions
{
    /// <summary>
    /// The ServiceDefaults (telemetry to the dashboard), the database client (<c>votesdb</c>) and <see cref="SchemaMigration"/>.
    /// The console writes one line per entry: a failure is one line in the resource's console, which is what a person
    /// reads when worker and result do not start.
    /// </summary>
    public static IHostApplicationBuilder AddMigrationServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // defaults below every other configuration source (environment, command line), which still override them: a
        // one-shot tool has no use for the host's start and stop lines or Npgsql's per-command lines
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
                ["Logging:LogLevel:Npgsql"] = "Warning",
            },
        });
        builder.AddServiceDefaults();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.AddVotesDatabase(SchemaMigration.ConnectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SchemaMigration>();
        return builder;
    }
}
