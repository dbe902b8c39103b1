using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace VotingApp.Tests.Publishing;

/// <summary>
/// The chart's scheduled backup, run for real: the CronJob's own script (as Kubernetes hands it to <c>sh</c>) dumps a
/// local PostgreSQL holding 3,000 votes, keeps the newest <c>KEEP</c> dumps, and the documented <c>pg_restore</c>
/// brings every vote back into a fresh server. The password has every character that breaks a connection string.
/// </summary>
public sealed class PostgresBackupTests(PublishedOutput output) : IClassFixture<PublishedOutput>
{
    private const string Password = "p,a;s@s/w:o%r\"d'=\\ x$y";

    [Fact]
    public async Task A_scheduled_backup_restores_into_a_fresh_server_with_every_vote()
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml");
        var cron = objects.Single(o => o.Kind() == "CronJob" && o.Name() == "postgres-backup");
        Assert.Equal("Forbid", cron.Str("spec", "concurrencyPolicy"));
        var container = cron.At("spec", "jobTemplate", "spec", "template", "spec")!.Items("containers").Single();
        var command = container.Items("command").Select(c => c.ToString()).ToList();
        Assert.Equal(["sh", "-c"], command.Take(2));
        Assert.Equal("postgres-password", container.Items("env").Single(e => e.Str("name") == "PGPASSWORD").Str("valueFrom", "secretKeyRef", "key"));
        Assert.Equal("7", container.Items("env").Single(e => e.Str("name") == "KEEP").Str("value"));

        var work = Path.Combine(output.Directory, $"pg-{Guid.NewGuid():N}");
        var backups = Path.Combine(work, "backup");
        Directory.CreateDirectory(backups);
        // Kubernetes reduces $$ to $; the volume is mounted at /backup
        var script = command[2].Replace("$$", "$", StringComparison.Ordinal).Replace("/backup/", backups + "/", StringComparison.Ordinal);

        await using var source = await LocalPostgres.StartAsync(Path.Combine(work, "source"), Password);
        await source.ExecuteAsync("postgres", "CREATE DATABASE votesdb");
        await source.ExecuteAsync("votesdb", """
            CREATE TABLE votes (id VARCHAR(255) NOT NULL UNIQUE, vote VARCHAR(255) NOT NULL, ts BIGINT NOT NULL DEFAULT 0);
            CREATE TABLE vote_tally (vote VARCHAR(255) PRIMARY KEY, votes BIGINT NOT NULL);
            CREATE FUNCTION tally() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                INSERT INTO vote_tally AS t (vote, votes) SELECT vote, count(*) FROM new_rows GROUP BY vote
                ON CONFLICT (vote) DO UPDATE SET votes = t.votes + EXCLUDED.votes;
                RETURN NULL;
            END $fn$;
            CREATE TRIGGER votes_tally AFTER INSERT ON votes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally();
            INSERT INTO votes (id, vote, ts) SELECT 'voter-' || i, CASE WHEN i % 3 = 0 THEN 'b' ELSE 'a' END, i FROM generate_series(1, 3000) AS i;
            """);

        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = "127.0.0.1",
            ["PGPORT"] = source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = "postgres",
            ["PGDATABASE"] = "votesdb",
            ["PGPASSWORD"] = Password,
            ["KEEP"] = "2",
        };
        for (var run = 0; run < 3; run++)
        {
            if (run > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.1)); // one dump per second: the name holds the time to the second
            }
            var backup = await LocalPostgres.ShAsync(script, environment);
            Assert.True(backup.ExitCode == 0, backup.ToString());
            Assert.Contains("backup: ", backup.Stdout, StringComparison.Ordinal);
        }
        var dumps = Directory.GetFiles(backups).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, dumps.Count);
        Assert.All(dumps, d => Assert.EndsWith(".dump", d, StringComparison.Ordinal));

        // a failed dump (server gone) fails the Job and leaves the kept dumps alone
        var failed = await LocalPostgres.ShAsync(script, new Dictionary<string, string>(environment) { ["PGPORT"] = "1" });
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Equal(dumps, Directory.GetFiles(backups).Where(f => f.EndsWith(".dump", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        await using var target = await LocalPostgres.StartAsync(Path.Combine(work, "target"), Password);
        await target.ExecuteAsync("postgres", "CREATE DATABASE votesdb");
        var restore = await LocalPostgres.ShAsync($"{PostgresRestoreCommand} '{dumps[^1]}'",
            new Dictionary<string, string>(environment) { ["PGPORT"] = target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.True(restore.ExitCode == 0, restore.ToString());

        const string everyVote = "SELECT count(*) || ':' || md5(string_agg(id || '=' || vote || '@' || ts, ',' ORDER BY id)) FROM votes";
        const string tally = "SELECT string_agg(vote || '=' || votes, ',' ORDER BY vote) FROM vote_tally";
        Assert.StartsWith("3000:", await source.ScalarAsync("votesdb", everyVote), StringComparison.Ordinal);
        Assert.Equal(await source.ScalarAsync("votesdb", everyVote), await target.ScalarAsync("votesdb", everyVote));
        Assert.Equal("a=2000,b=1000", await target.ScalarAsync("votesdb", tally));
        // the trigger came back too: the restored database keeps counting
        await target.ExecuteAsync("votesdb", "INSERT INTO votes (id, vote) VALUES ('voter-3001', 'b')");
        Assert.Equal("a=2000,b=1001", await target.ScalarAsync("votesdb", tally));
    }

    /// <summary>The published connection string carries no password; Npgsql takes it whole from PGPASSWORD, whatever it holds.</summary>
    [Fact]
    public async Task Npgsql_connects_with_the_published_connection_string_and_PGPASSWORD()
    {
        var published = Manifests.Parse(File.ReadAllText(Path.Combine(output.Compose, "docker-compose.yaml"))).Single()
            .Str("services", "worker", "environment", "ConnectionStrings__votesdb")!;
        await using var server = await LocalPostgres.StartAsync(Path.Combine(output.Directory, $"pg-{Guid.NewGuid():N}"), Password);
        await server.ExecuteAsync("postgres", "CREATE DATABASE votesdb");
        var local = new NpgsqlConnectionStringBuilder(published) { Host = "127.0.0.1", Port = server.Port, Pooling = false };
        Assert.Null(local.Password);
        Assert.Null(Environment.GetEnvironmentVariable("PGPASSWORD"));
        await using (var without = new NpgsqlConnection(local.ConnectionString))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => without.OpenAsync()); // scram: no password, no connection
        }
        Environment.SetEnvironmentVariable("PGPASSWORD", Password); // the tests of this assembly run one at a time
        try
        {
            await using var connection = new NpgsqlConnection(local.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_database()", connection);
            Assert.Equal("votesdb", await command.ExecuteScalarAsync());
        }
        finally
        {
            Environment.SetEnvironmentVariable("PGPASSWORD", null);
        }
    }

    private static string PostgresRestoreCommand => VotingApp.Hosting.Publishing.PostgresBackup.RestoreCommand;

    /// <summary>A throwaway PostgreSQL server from the host's binaries (as the <c>postgres</c> user when the tests run as root).</summary>
    private sealed class LocalPostgres : IAsyncDisposable
    {
        private readonly string _data;

        private LocalPostgres(string data, int port, string password)
        {
            _data = data;
            Port = port;
            Password = password;
        }

        public int Port { get; }

        private string Password { get; }

        private static string BinDirectory => Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries are not installed: apt-get install postgresql");

        public static async Task<LocalPostgres> StartAsync(string directory, string password)
        {
            Directory.CreateDirectory(directory);
            var passwordFile = Path.Combine(directory, "pwfile");
            await File.WriteAllTextAsync(passwordFile, password + "\n");
            var data = Path.Combine(directory, "data");
            if (Environment.UserName == "root")
            {
                Check(await RunAsync("chown", ["-R", "postgres:postgres", directory]));
            }
            Check(await AsPostgresAsync(Path.Combine(BinDirectory, "initdb"), ["-D", data, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-N", "-E", "UTF8"]));
            var port = FreePort();
            // no Unix socket: its path would pass the 107-byte limit under a temporary folder; TCP on loopback only
            Check(await AsPostgresAsync(Path.Combine(BinDirectory, "pg_ctl"),
                ["-D", data, "-w", "-l", Path.Combine(directory, "log"), "-o", $"-p {port} -k '' -c listen_addresses=127.0.0.1 -c fsync=off", "start"]));
            return new LocalPostgres(data, port, password);
        }

        public async Task ExecuteAsync(string database, string sql)
        {
            await using var connection = new NpgsqlConnection(ConnectionString(database));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        public async Task<string?> ScalarAsync(string database, string sql)
        {
            await using var connection = new NpgsqlConnection(ConnectionString(database));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (await command.ExecuteScalarAsync())?.ToString();
        }

        private string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = "postgres", Password = Password, Database = database, Pooling = false,
        }.ConnectionString;

        public async ValueTask DisposeAsync() =>
            await AsPostgresAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "stop"]);

        /// <summary>Runs a script with sh, the PostgreSQL client binaries first on PATH.</summary>
        public static Task<ToolResult> ShAsync(string script, IReadOnlyDictionary<string, string> environment) =>
            RunAsync("sh", ["-c", script], environment);

        private static Task<ToolResult> AsPostgresAsync(string binary, IEnumerable<string> args) =>
            Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", binary, .. args]) : RunAsync(binary, args);

        private static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            start.Environment["PATH"] = $"{BinDirectory}:{Environment.GetEnvironmentVariable("PATH")}";
            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[key] = value;
            }
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            return new ToolResult(process.ExitCode, await stdout, await stderr);
        }

        private static void Check(ToolResult result)
        {
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(result.ToString());
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
