using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace VotingApp.Hosting.LocalServers;

/// <summary>How a <see cref="PostgresServerProcessResource"/> is prepared (initdb), started, checked, and its databases created.</summary>
internal static class PostgresServerProcess
{
    public const string BinDirectoryKey = "Hosting:PostgresBinDirectory";

    public const string InstallHint =
        "PostgreSQL server binaries (initdb, postgres) were not found. Install them (sudo apt-get install postgresql; " +
        "brew install postgresql@16), or set Hosting__PostgresBinDirectory to the folder that holds them.";

    public static PostgresServerProcessResource Create(IDistributedApplicationBuilder builder, PostgresServerResource server, DataFolders folders)
    {
        var bin = FindBinaries(builder.Configuration);
        var (root, kept) = folders.For(server);
        var data = Path.Combine(root, "data");
        var runAs = RunAsAccount();
        var postgres = Path.Combine(bin, "postgres");
        // As root, setpriv execs postgres in place (no fork): DCP's stop signal and the pid it reports are the postmaster's.
        var command = runAs is null ? postgres : Executables.FindOnPath("setpriv") ?? throw new DistributedApplicationException(
            "The AppHost runs as root and PostgreSQL cannot; setpriv (util-linux) is needed to run it as an unprivileged account. Install util-linux, or run the AppHost as a regular user.");
        var resource = new PostgresServerProcessResource(server, command, root);
        ServerProcesses.ServeDirectly(server.PrimaryEndpoint.EndpointAnnotation);

        builder.CreateResourceBuilder(resource)
            .WithIconName("Database")
            .WithHealthCheck(ServerProcesses.HealthCheckKey(server.Name))
            .WithArgs(async context =>
            {
                await InitializeAsync(bin, root, data, runAs, server, context.CancellationToken).ConfigureAwait(false);
                var port = await server.PrimaryEndpoint.Property(EndpointProperty.TargetPort).GetValueAsync(context.CancellationToken).ConfigureAwait(false);
                List<string> args = runAs is null ? [] : ["--reuid", runAs, "--regid", runAs, "--init-groups", "--", postgres];
                args.AddRange([
                    "-D", data, "-p", port!,
                    "-c", "listen_addresses=localhost",
                    // the socket lives in the data folder: a killed run leaves no stale lock in /tmp
                    "-c", $"unix_socket_directories={data}",
                    "-c", "max_connections=200",
                    "-c", "log_min_messages=warning",
                    "-c", "log_line_prefix=%m [%p] ",
                ]);
                if (!kept)
                {
                    // Throw-away data: no fsync. A committed transaction still reaches the OS before COMMIT returns
                    // (synchronous_commit stays on), so killing the server loses nothing; only an OS crash could.
                    args.AddRange(["-c", "fsync=off", "-c", "full_page_writes=off"]);
                }
                foreach (var arg in args)
                {
                    context.Args.Add(arg);
                }
            });
        return resource;
    }

    /// <summary>
    /// initdb once per data folder, with the password from a 0600 file (deleted afterwards) and scram-sha-256; as root, the
    /// folder is handed to the account the server runs as.
    /// </summary>
    private static async Task InitializeAsync(string bin, string root, string data, string? runAs, PostgresServerResource server, CancellationToken cancellationToken)
    {
        if (runAs is not null)
        {
            EnsureReachable(root, runAs);
            await RunAsync("chown", ["-R", $"{runAs}:{runAs}", root], cancellationToken).ConfigureAwait(false);
        }
        if (File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            return;
        }
        var user = await server.UserNameReference.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "postgres";
        var password = await server.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty;
        var passwordFile = Path.Combine(root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, string.Empty, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await File.WriteAllTextAsync(passwordFile, password + "\n", cancellationToken).ConfigureAwait(false);
        try
        {
            if (runAs is not null)
            {
                await RunAsync("chown", [$"{runAs}:{runAs}", passwordFile], cancellationToken).ConfigureAwait(false);
            }
            List<string> initdb = [Path.Combine(bin, "initdb"), "-D", data, "-U", user, $"--pwfile={passwordFile}",
                "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync", "--no-instructions"];
            if (runAs is not null)
            {
                initdb.InsertRange(0, ["--reuid", runAs, "--regid", runAs, "--init-groups", "--"]);
            }
            await RunAsync(runAs is null ? initdb[0] : "setpriv", runAs is null ? initdb[1..] : initdb, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new DistributedApplicationException($"'{program}' could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException(
                $"{Path.GetFileName(args.FirstOrDefault(a => a.EndsWith("initdb", StringComparison.Ordinal)) ?? program)} failed (exit code {process.ExitCode}): {(await error.ConfigureAwait(false)).Trim()} {(await output.ConfigureAwait(false)).Trim()}".Trim());
        }
    }

    /// <summary>The server's account must be able to walk down to its data folder; say so plainly when it cannot.</summary>
    private static void EnsureReachable(string folder, string user)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(folder)); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if ((File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0)
            {
                throw new DistributedApplicationException(
                    $"PostgreSQL runs as '{user}' (the AppHost runs as root) and cannot reach its data folder '{folder}', because " +
                    $"'{dir}' is closed to other users. Open it (chmod o+x '{dir}') or keep the data in a folder outside it.");
            }
        }
    }

    /// <summary>null when not root; otherwise 'postgres' when that account exists, else 'nobody'.</summary>
    private static string? RunAsAccount()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
        {
            return null;
        }
        var accounts = File.Exists("/etc/passwd") ? File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')[0]).ToHashSet() : [];
        return accounts.Contains("postgres") ? "postgres" : accounts.Contains("nobody") ? "nobody" : throw new DistributedApplicationException(
            "The AppHost runs as root and PostgreSQL cannot; no 'postgres' or 'nobody' account exists. Create one (useradd --system postgres).");
    }

    public static string FindBinaries(IConfiguration configuration)
    {
        foreach (var candidate in Candidates(configuration))
        {
            if (candidate is not null && File.Exists(Path.Combine(candidate, "initdb")) && File.Exists(Path.Combine(candidate, "postgres")))
            {
                return candidate;
            }
        }
        throw new DistributedApplicationException(InstallHint);

        static IEnumerable<string?> Candidates(IConfiguration configuration)
        {
            if (configuration[BinDirectoryKey] is { Length: > 0 } configured)
            {
                yield return configured;
                yield break;
            }
            if (Executables.FindOnPath("initdb") is { } initdb)
            {
                yield return Path.GetDirectoryName(new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb);
            }
            yield return PgConfigBinDirectory();
            foreach (var root in new[] { "/usr/lib/postgresql", "/usr/local/opt", "/opt/homebrew/opt" })
            {
                if (Directory.Exists(root))
                {
                    foreach (var dir in Directory.GetDirectories(root).OrderByDescending(VersionOf))
                    {
                        yield return Path.Combine(dir, "bin");
                    }
                }
            }
            yield return "/usr/local/pgsql/bin";
        }

        static double VersionOf(string dir)
        {
            var digits = new string([.. Path.GetFileName(dir).Where(c => char.IsDigit(c) || c == '.')]).Trim('.');
            return double.TryParse(digits, CultureInfo.InvariantCulture, out var v) ? v : 0;
        }
    }

    private static string? PgConfigBinDirectory()
    {
        if (Executables.FindOnPath("pg_config") is not { } pgConfig)
        {
            return null;
        }
        try
        {
            using var process = Process.Start(new ProcessStartInfo(pgConfig, "--bindir") { RedirectStandardOutput = true, UseShellExecute = false });
            var output = process?.StandardOutput.ReadToEnd().Trim();
            process?.WaitForExit(2000);
            return string.IsNullOrEmpty(output) ? null : output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static async Task<string> ConnectionStringAsync(PostgresServerProcessResource server, string database, CancellationToken cancellationToken) =>
        new NpgsqlConnectionStringBuilder(await server.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false))
        {
            Database = database,
            Pooling = false,
            Timeout = 3,
            CommandTimeout = 5,
        }.ConnectionString;

    /// <summary>
    /// Healthy once <c>SELECT 1</c> succeeds in <paramref name="database"/>. A database is looked up in the catalog
    /// first: it is created only when the server is ready, and a connection to a database that does not exist yet makes
    /// the server log <c>FATAL: database … does not exist</c> on every fresh start.
    /// </summary>
    public static async Task<HealthCheckResult> CheckHealthAsync(PostgresServerProcessResource server, string database, CancellationToken cancellationToken)
    {
        try
        {
            if (database != "postgres")
            {
                await using var catalog = new NpgsqlConnection(await ConnectionStringAsync(server, "postgres", cancellationToken).ConfigureAwait(false));
                await catalog.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", catalog) { Parameters = { new() { Value = database } } };
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    return HealthCheckResult.Unhealthy($"database '{database}' has not been created yet");
                }
            }
            await using var connection = new NpgsqlConnection(await ConnectionStringAsync(server, database, cancellationToken).ConfigureAwait(false));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }

    /// <summary>Creates each database that does not exist yet, every time the server becomes ready (as Aspire's PostgreSQL integration does).</summary>
    public static void CreateDatabasesWhenReady(IServiceProvider services, PostgresServerProcessResource server, IReadOnlyList<PostgresDatabaseProcessResource> databases)
    {
        var eventing = services.GetRequiredService<Aspire.Hosting.Eventing.IDistributedApplicationEventing>();
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
        eventing.Subscribe<ResourceReadyEvent>(server, async (e, cancellationToken) =>
        {
            await using var connection = new NpgsqlConnection(await ConnectionStringAsync(server, "postgres", cancellationToken).ConfigureAwait(false));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            foreach (var database in databases)
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database.DatabaseName } } };
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    var quoted = "\"" + database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
#pragma warning disable CA2100 // the identifier is quoted; CREATE DATABASE takes no parameters
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
#pragma warning restore CA2100
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("Created database {Database}.", database.DatabaseName);
                }
            }
        });
    }
}
