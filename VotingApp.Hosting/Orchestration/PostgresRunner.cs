using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Orchestration;

/// <summary>
/// Runs PostgreSQL from the host's binaries: a fresh data directory per run (or the one the model keeps), scram-sha-256
/// with the generated password, TCP on loopback only. As root it runs as the unprivileged <c>postgres</c> user.
/// </summary>
internal sealed class PostgresRunner(PostgresServerResource server, OrchestratorContext context) : SingleProcessRunner(server, context)
{
    private string _binDirectory = string.Empty;
    private string _dataDirectory = string.Empty;
    private string? _runAs;
    private string _version = "postgres";

    public override string? RuntimeDescription => _version;

    // SIGINT = fast shutdown: roll back open transactions, checkpoint, exit.
    protected override int StopSignal => NativeMethods.SIGINT;

    protected override TimeSpan StopTimeout => TimeSpan.FromSeconds(6);

    internal string ServerConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = server.PrimaryEndpoint.Annotation.AllocatedEndpoint!.Port,
        Username = server.UserNameParameter.Value,
        Password = server.PasswordParameter.Value,
        Database = database,
        Pooling = false,
        Timeout = 3,
        CommandTimeout = 5,
    }.ConnectionString;

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        _binDirectory = PostgresBinaries.Find(Context.Configuration);
        _version = "postgres " + (Path.GetFileName(Path.GetDirectoryName(_binDirectory)) ?? string.Empty);
        var root = DataDirectories.Resolve(server, Context);
        _dataDirectory = Path.Combine(root, "data");
        Directory.CreateDirectory(root);

        (int Uid, int Gid)? owner = null;
        if (NativeMethods.IsRoot)
        {
            // postgres refuses to run as root: run it as the 'postgres' account (or 'nobody'), owning its folder.
            _runAs = UnixUsers.Lookup("postgres") is not null ? "postgres" : "nobody";
            owner = UnixUsers.Lookup(_runAs) ?? throw new DistributedApplicationException(
                "The AppHost runs as root, and PostgreSQL cannot; no 'postgres' or 'nobody' account exists. Create one: useradd --system postgres");
            EnsureReachable(root, _runAs);
            UnixUsers.ChangeOwner(root, owner.Value);
        }

        if (File.Exists(Path.Combine(_dataDirectory, "PG_VERSION")))
        {
            return;
        }
        var passwordFile = Path.Combine(root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, server.PasswordParameter.Value + "\n", cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (owner is not null)
        {
            UnixUsers.ChangeOwner(passwordFile, owner.Value);
        }
        try
        {
            using var initdb = await ManagedProcess.StartAsync(
                Path.Combine(_binDirectory, "initdb"),
                ["-D", _dataDirectory, "-U", server.UserNameParameter.Value, $"--pwfile={passwordFile}",
                 "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync", "--no-instructions"],
                root,
                new Dictionary<string, string?>(),
                server.Name,
                Context.Logs,
                _runAs).ConfigureAwait(false);
            var code = await initdb.Exited.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                throw new DistributedApplicationException(
                    $"initdb failed for '{server.Name}' (exit code {code}); see {Context.Logs.LogDirectory}/{server.Name}.log");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>The server's user must be able to walk down to its data folder; say so plainly when it cannot.</summary>
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

    public override async Task<Task<int>> StartAsync(CancellationToken cancellationToken)
    {
        var port = server.PrimaryEndpoint.Annotation.AllocatedEndpoint!.Port.ToString(CultureInfo.InvariantCulture);
        List<string> args =
        [
            "-D", _dataDirectory, "-p", port,
            "-c", "listen_addresses=localhost",
            "-c", "unix_socket_directories=",
            "-c", "max_connections=200",
            "-c", "log_min_messages=warning",
            "-c", "log_line_prefix=%m [%p] ",
        ];
        if (!DataDirectories.IsPersistent(server))
        {
            // Throw-away data: no fsync. A committed transaction still reaches the OS before COMMIT returns
            // (synchronous_commit stays on), so killing the server loses nothing; only an OS crash could.
            args.AddRange(["-c", "fsync=off", "-c", "full_page_writes=off"]);
        }
        Process = await ManagedProcess.StartAsync(
            Path.Combine(_binDirectory, "postgres"), args, Path.GetDirectoryName(_dataDirectory)!,
            new Dictionary<string, string?>(), server.Name, Context.Logs, _runAs).ConfigureAwait(false);
        return Process.Exited;
    }

    public override async Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ServerConnectionString("postgres"));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
