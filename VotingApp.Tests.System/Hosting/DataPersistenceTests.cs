using Npgsql;

namespace VotingApp.Tests.Hosting;

/// <summary>A fresh PostgreSQL data directory per run by default; <c>WithDataBindMount</c> keeps the data between runs.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DataPersistenceTests
{
    private static async Task<DistributedApplication> StartPostgresAsync(string appHostDirectory, string? dataFolder)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [],
            AppHostDirectory = appHostDirectory,
            RandomizePorts = true,
            ReportToConsole = false,
            PersistGeneratedSecrets = false,
        });
        var password = builder.AddParameter("pg-password", "Persist3ntPassw0rdForTests", secret: true);
        var postgres = builder.AddPostgres("postgres", password: password);
        if (dataFolder is not null)
        {
            postgres.WithDataBindMount(dataFolder);
        }
        postgres.AddDatabase("appdb");
        var app = builder.Build();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.StartAsync(cts.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("appdb", cts.Token);
        return app;
    }

    private static async Task<long?> CountRowsAsync(DistributedApplication app, bool create)
    {
        await using var dataSource = NpgsqlDataSource.Create((await app.GetConnectionStringAsync("appdb"))!);
        if (create)
        {
            await using var setup = dataSource.CreateCommand("CREATE TABLE kept (id int); INSERT INTO kept VALUES (1), (2)");
            await setup.ExecuteNonQueryAsync();
        }
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM kept");
        try
        {
            return (long?)await command.ExecuteScalarAsync();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    [Fact]
    public async Task Data_is_thrown_away_by_default_and_kept_with_a_data_folder()
    {
        var home = Directory.CreateTempSubdirectory("votingapp-persist-").FullName;
        File.SetUnixFileMode(home, (UnixFileMode)Convert.ToInt32("755", 8)); // PostgreSQL's own user must reach it
        try
        {
            var folder = Path.Combine(home, "pgdata");
            await using (var first = await StartPostgresAsync(home, folder))
            {
                Assert.Equal(2, await CountRowsAsync(first, create: true));
            }
            await using (var second = await StartPostgresAsync(home, folder))
            {
                Assert.Equal(2, await CountRowsAsync(second, create: false));
            }

            await using (var throwaway = await StartPostgresAsync(home, dataFolder: null))
            {
                Assert.Equal(2, await CountRowsAsync(throwaway, create: true));
            }
            await using (var again = await StartPostgresAsync(home, dataFolder: null))
            {
                Assert.Null(await CountRowsAsync(again, create: false));
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task A_private_data_folder_works_for_its_owner_and_is_one_clear_error_when_root_hands_PostgreSQL_to_another_account()
    {
        var home = Directory.CreateTempSubdirectory("votingapp-closed-").FullName; // mode 0700
        try
        {
            if (Environment.UserName == "root")
            {
                var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => StartPostgresAsync(home, Path.Combine(home, "pgdata")));
                Assert.Contains("chmod o+x", error.Message, StringComparison.Ordinal);
                Assert.Contains(home, error.Message, StringComparison.Ordinal);
            }
            else
            {
                // no other account involved: the user's own private folder is fine
                await using var app = await StartPostgresAsync(home, Path.Combine(home, "pgdata"));
                Assert.Equal(2, await CountRowsAsync(app, create: true));
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
