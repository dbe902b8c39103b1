using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Orchestration;

/// <summary>Creates a database on its server once the server is healthy (as Aspire's AddDatabase does); has no process.</summary>
internal sealed class PostgresDatabaseRunner(PostgresDatabaseResource database, PostgresRunner server, OrchestratorContext context)
    : ResourceRunner(database, context)
{
    private TaskCompletionSource<int> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override IReadOnlyList<int> ProcessIds => server.ProcessIds;

    public override async Task<Task<int>> StartAsync(CancellationToken cancellationToken)
    {
        _stopped = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new NpgsqlConnection(server.ServerConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database.DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            var quoted = "\"" + database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
#pragma warning disable CA2100 // the identifier is quoted; CREATE DATABASE takes no parameters
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
#pragma warning restore CA2100
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return _stopped.Task;
    }

    public override Task StopAsync()
    {
        _stopped.TrySetResult(0);
        return Task.CompletedTask;
    }

    public override void Kill() => _stopped.TrySetResult(137);

    public override async Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(server.ServerConnectionString(database.DatabaseName));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
