using Npgsql;
using VotingApp.Queue;

namespace VotingApp.Result;

/// <summary>
/// Reads the tally the database keeps (<c>vote_tally</c>: one row per option). Two rows, never a scan of the votes.
/// </summary>
internal static class TallyReader
{
    /// <summary>Longest time the query may take, in seconds.</summary>
    public const int CommandTimeoutSeconds = 5;

    /// <summary>
    /// The counts of <c>a</c> and <c>b</c>; rows for any other option are ignored. The table exists before this service
    /// starts (it waits for the <c>migrations</c> resource to complete); a table dropped at run time counts as no votes
    /// until the worker applies the schema again.
    /// </summary>
    public static async Task<(long A, long B)> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        try
        {
            await using var command = dataSource.CreateCommand(VotesDatabase.TallyQuery);
            command.CommandTimeout = CommandTimeoutSeconds;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            long a = 0;
            long b = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                switch (reader.GetString(0))
                {
                    case "a":
                        a = reader.GetInt64(1);
                        break;
                    case "b":
                        b = reader.GetInt64(1);
                        break;
                }
            }
            return (a, b);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return (0, 0);
        }
    }
}
