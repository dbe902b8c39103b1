using Npgsql;

namespace VotingApp.Queue;

/// <summary>
/// The database contract, in one place for the worker (which writes and migrates) and the result service (which reads
/// and listens): the original app's table <c>votes(id, vote)</c> with our additions, the <c>vote_tally</c> the result
/// reads, the <see cref="ChangeChannel"/> notification, and the schema as one idempotent migration. It keeps the
/// original app's table as it was, so the original worker and result service still work on the same database.
/// </summary>
/// <remarks>
/// <para>
/// <c>vote_tally</c> holds one row per option with its exact count. Statement-level triggers with transition tables
/// keep it right for every writer of <c>votes</c> (this worker, several of them, or the original app's worker with its
/// plain INSERT/UPDATE): each statement adds its per-option delta in one upsert. Rows are touched in option order so
/// that concurrent writers cannot deadlock on them.
/// </para>
/// <para>
/// The whole migration runs in one transaction under an advisory lock, so workers starting together apply it one
/// after another and each sees the finished schema. <c>votes</c> is locked against writers before the tally is
/// initialised from one <c>GROUP BY</c>, so no write can slip between the initial count and the triggers.
/// </para>
/// </remarks>
public static class VotesDatabase
{
    /// <summary>The original app's table: one row per voter (<c>id</c>), its latest <c>vote</c>.</summary>
    public const string VotesTable = "votes";

    /// <summary>
    /// The only query the result service runs: the tally the triggers keep, two rows, never a scan of <c>votes</c>.
    /// (The original computes <c>SELECT vote, COUNT(id) FROM votes GROUP BY vote</c> once a second.)
    /// </summary>
    public const string TallyQuery = "SELECT vote, votes FROM vote_tally";

    /// <summary>Advisory lock key of the migration ("vote" in ASCII).</summary>
    public const long MigrationLockKey = 0x766F7465;

    /// <summary>
    /// Channel notified after each committed batch. Payload: the number of rows stored, then, when the batch was traced,
    /// a space and the batch span's W3C <c>traceparent</c> (the result service continues that trace when it pushes).
    /// </summary>
    public const string ChangeChannel = "votes_changed";

    /// <summary>The migration, statement by statement, all run in one transaction.</summary>
    public static readonly IReadOnlyList<string> Statements =
    [
        $"SELECT pg_advisory_xact_lock({MigrationLockKey})",

        // the original app's table, exactly its two columns first
        """
        CREATE TABLE IF NOT EXISTS votes (
            id VARCHAR(255) NOT NULL UNIQUE,
            vote VARCHAR(255) NOT NULL
        )
        """,

        // keeps every writer out until COMMIT: the tally's initial count and its triggers see the same rows
        "LOCK TABLE votes IN SHARE ROW EXCLUSIVE MODE",

        // Unix milliseconds of the vote: a voter's older vote never overwrites a newer one
        "ALTER TABLE votes ADD COLUMN IF NOT EXISTS ts BIGINT NOT NULL DEFAULT 0",

        """
        DO $migrate$
        BEGIN
            IF to_regclass('vote_tally') IS NULL THEN
                CREATE TABLE vote_tally (
                    vote VARCHAR(255) PRIMARY KEY,
                    votes BIGINT NOT NULL
                );
                INSERT INTO vote_tally (vote, votes)
                SELECT vote, count(*) FROM votes GROUP BY vote;
            END IF;
        END
        $migrate$
        """,

        """
        CREATE OR REPLACE FUNCTION vote_tally_after_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            INSERT INTO vote_tally AS t (vote, votes)
            SELECT vote, count(*) FROM new_rows GROUP BY vote ORDER BY vote
            ON CONFLICT (vote) DO UPDATE SET votes = t.votes + EXCLUDED.votes;
            RETURN NULL;
        END
        $fn$
        """,

        """
        CREATE OR REPLACE FUNCTION vote_tally_after_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            INSERT INTO vote_tally AS t (vote, votes)
            SELECT vote, sum(delta) FROM (
                SELECT vote, 1 AS delta FROM new_rows
                UNION ALL
                SELECT vote, -1 AS delta FROM old_rows
            ) AS changes
            GROUP BY vote HAVING sum(delta) <> 0 ORDER BY vote
            ON CONFLICT (vote) DO UPDATE SET votes = t.votes + EXCLUDED.votes;
            RETURN NULL;
        END
        $fn$
        """,

        """
        CREATE OR REPLACE FUNCTION vote_tally_after_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            INSERT INTO vote_tally AS t (vote, votes)
            SELECT vote, -count(*) FROM old_rows GROUP BY vote ORDER BY vote
            ON CONFLICT (vote) DO UPDATE SET votes = t.votes + EXCLUDED.votes;
            RETURN NULL;
        END
        $fn$
        """,

        """
        CREATE OR REPLACE FUNCTION vote_tally_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            DELETE FROM vote_tally;
            RETURN NULL;
        END
        $fn$
        """,

        """
        CREATE OR REPLACE TRIGGER vote_tally_insert AFTER INSERT ON votes
            REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION vote_tally_after_insert()
        """,

        """
        CREATE OR REPLACE TRIGGER vote_tally_update AFTER UPDATE ON votes
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION vote_tally_after_update()
        """,

        """
        CREATE OR REPLACE TRIGGER vote_tally_delete AFTER DELETE ON votes
            REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION vote_tally_after_delete()
        """,

        """
        CREATE OR REPLACE TRIGGER vote_tally_truncate AFTER TRUNCATE ON votes
            FOR EACH STATEMENT EXECUTE FUNCTION vote_tally_after_truncate()
        """,
    ];

    /// <summary>
    /// Stores a batch (arrays <c>@ids</c>, <c>@votes</c>, <c>@ts</c> of distinct voters) in one statement: a voter's row
    /// changes only when the incoming vote is at least as recent as the stored one. Returns the number of rows inserted
    /// or changed and, when that is not zero, notifies <see cref="ChangeChannel"/> with it and <c>@tp</c> (the batch's
    /// traceparent, or empty) (delivered at COMMIT).
    /// </summary>
    public const string UpsertSql = $"""
        WITH stored AS (
            INSERT INTO votes (id, vote, ts)
            SELECT i.id, i.vote, i.ts FROM unnest(@ids, @votes, @ts) AS i (id, vote, ts)
            ON CONFLICT (id) DO UPDATE SET vote = EXCLUDED.vote, ts = EXCLUDED.ts
            WHERE votes.ts <= EXCLUDED.ts
            RETURNING 1
        ), counted AS (
            SELECT count(*) AS n FROM stored
        )
        SELECT n, CASE WHEN n > 0 THEN pg_notify('{ChangeChannel}', rtrim(n::text || ' ' || @tp)) END FROM counted
        """;

    /// <summary>SQL states that mean the schema is missing (dropped or a fresh database): apply it again.</summary>
    public static bool IsMissingSchema(string sqlState) =>
        sqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedFunction;

    /// <summary>Applies the migration in one transaction. Safe to run any number of times, by several workers at once.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var statement in Statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
        }
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
