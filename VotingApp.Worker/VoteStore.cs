using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using VotingApp.Queue;

namespace VotingApp.Worker;

/// <summary>
/// Writes batches of votes to PostgreSQL over one dedicated connection with a prepared upsert. Any failure drops the
/// connection (and the pool's idle ones, which a database restart has broken too), so the next call starts afresh.
/// Used by one loop at a time.
/// </summary>
/// <remarks>
/// The schema is the <c>migrations</c> resource's job: it has been applied before the worker starts (the AppHost's
/// <c>WaitForCompletion</c>, compose's <c>service_completed_successfully</c>, the chart's init container). The store
/// applies it only when it finds it missing: a table dropped at run time, a database recreated empty, or a worker
/// started on its own against a fresh database. So the start costs no migration (and no lock on <c>votes</c>) per worker.
/// </remarks>
internal sealed class VoteStore(NpgsqlDataSource dataSource, ILogger<VoteStore> logger) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _upsert;
    private NpgsqlParameter<string[]>? _ids;
    private NpgsqlParameter<string[]>? _votes;
    private NpgsqlParameter<long[]>? _timestamps;
    private NpgsqlParameter<string>? _traceParent;
    private bool _schemaMissing;

    /// <summary>Opens the connection and prepares the upsert, applying the schema first when it is missing.</summary>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ResetAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stores <paramref name="votes"/> (distinct voters) and notifies <see cref="VotesDatabase.ChangeChannel"/> in one
    /// transaction. Returns the number of rows inserted or changed. Throws on any failure, after which nothing of the
    /// batch is committed, or (if the connection broke during COMMIT) possibly all of it: storing it again is harmless.
    /// </summary>
    public async Task<long> StoreAsync(IReadOnlyList<VoteMessage> votes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(votes);
        if (votes.Count == 0)
        {
            return 0;
        }
        var ids = new string[votes.Count];
        var options = new string[votes.Count];
        var timestamps = new long[votes.Count];
        for (var i = 0; i < votes.Count; i++)
        {
            ids[i] = votes[i].VoterId;
            options[i] = votes[i].Vote;
            timestamps[i] = votes[i].Timestamp;
        }
        try
        {
            var connection = await EnsureConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            _ids!.TypedValue = ids;
            _votes!.TypedValue = options;
            _timestamps!.TypedValue = timestamps;
            _traceParent!.TypedValue = Activity.Current?.Id ?? string.Empty;
            _upsert!.Transaction = transaction;
            var stored = 0L;
            await using (var reader = await _upsert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    stored = reader.GetInt64(0);
                }
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return stored;
        }
        catch (PostgresException ex) when (VotesDatabase.IsMissingSchema(ex.SqlState))
        {
            Log.SchemaMissing(logger, ex.SqlState);
            _schemaMissing = true;
            await ResetAsync().ConfigureAwait(false);
            throw;
        }
        catch
        {
            await ResetAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ResetAsync(clearPool: false);

    private async Task<NpgsqlConnection> EnsureConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open } open && _upsert is not null)
        {
            return open;
        }
        await ResetAsync(clearPool: false).ConfigureAwait(false);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        _connection = connection;
        if (_schemaMissing)
        {
            await ApplySchemaAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            _upsert = await PrepareUpsertAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (VotesDatabase.IsMissingSchema(ex.SqlState))
        {
            // the upsert names every table and column the worker writes: failing to prepare it is how a missing schema
            // shows at start (the statement failed on its own, outside a transaction: the connection is still usable)
            Log.SchemaMissing(logger, ex.SqlState);
            await ApplySchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            _upsert = await PrepareUpsertAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        return connection;
    }

    private async Task ApplySchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await VotesDatabase.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
        _schemaMissing = false;
        Log.SchemaReady(logger, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<NpgsqlCommand> PrepareUpsertAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(VotesDatabase.UpsertSql, connection);
        _ids = new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text);
        _votes = new NpgsqlParameter<string[]>("votes", NpgsqlDbType.Array | NpgsqlDbType.Text);
        _timestamps = new NpgsqlParameter<long[]>("ts", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        command.Parameters.Add(_ids);
        command.Parameters.Add(_votes);
        _traceParent = new NpgsqlParameter<string>("tp", NpgsqlDbType.Text);
        command.Parameters.Add(_timestamps);
        command.Parameters.Add(_traceParent);
        try
        {
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await command.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return command;
    }

    private async ValueTask ResetAsync(bool clearPool = true)
    {
        var connection = _connection;
        var command = _upsert;
        _connection = null;
        _upsert = null;
        if (command is not null)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }
        if (connection is not null)
        {
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
            {
                // a broken connection may fail to close; it is discarded either way
            }
        }
        if (clearPool)
        {
            // after a database restart every idle pooled connection is broken as well
            dataSource.Clear();
        }
    }
}
