using Npgsql;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Hosting;

/// <summary>
/// PostgreSQL's data: a fresh data folder per run by default (a test or a demo starts from nothing), kept across runs
/// when the model gives one with <c>WithDataBindMount</c> (same data, same password).
/// </summary>
public sealed class DataPersistenceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Data_is_thrown_away_by_default_and_kept_in_a_bind_mounted_folder()
    {
        var home = Directory.CreateTempSubdirectory("votingapp-persist-").FullName;
        File.SetUnixFileMode(home, (UnixFileMode)Convert.ToInt32("755", 8)); // PostgreSQL's own account must reach it
        var folder = Path.Combine(home, "pgdata");
        try
        {
            await using (var throwaway = await StartAsync(dataFolder: null))
            {
                Assert.Equal(2, await CountKeptRowsAsync(throwaway, create: true));
            }
            await using (var again = await StartAsync(dataFolder: null))
            {
                Assert.Null(await CountKeptRowsAsync(again, create: false));
            }

            await using (var first = await StartAsync(folder))
            {
                Assert.Equal(2, await CountKeptRowsAsync(first, create: true));
            }
            await using (var second = await StartAsync(folder))
            {
                Assert.Equal(2, await CountKeptRowsAsync(second, create: false));
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private Task<TestApp> StartAsync(string? dataFolder) =>
        TestApp.StartAsync(output, builder =>
        {
            if (dataFolder is not null)
            {
                builder.CreateResourceBuilder(builder.Resources.OfType<PostgresServerResource>().Single()).WithDataBindMount(dataFolder);
            }
        });

    /// <summary>Rows of the table <c>kept</c> in votesdb (created with two rows first when asked), or null when there is no such table.</summary>
    private static async Task<long?> CountKeptRowsAsync(TestApp app, bool create)
    {
        if (create)
        {
            await using var setup = app.Db.CreateCommand("CREATE TABLE kept (id int); INSERT INTO kept VALUES (1), (2)");
            await setup.ExecuteNonQueryAsync();
        }
        await using var command = app.Db.CreateCommand("SELECT count(*) FROM kept");
        try
        {
            return (long?)await command.ExecuteScalarAsync();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }
}
