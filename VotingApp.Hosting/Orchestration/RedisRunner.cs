using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Orchestration;

/// <summary>
/// Runs a Redis-protocol server: <c>redis-server</c> when installed, otherwise Garnet from the <c>garnet-server</c>
/// package the build restored (Lua on). Config key <c>Hosting:RedisServer</c> = <c>auto</c> | <c>redis</c> | <c>garnet</c>.
/// </summary>
internal sealed class RedisRunner(RedisResource redis, OrchestratorContext context) : SingleProcessRunner(redis, context)
{
    private string _server = string.Empty;
    private string _program = string.Empty;
    private string _dataDirectory = string.Empty;

    public override string? RuntimeDescription => _server;

    protected override int StopSignal => NativeMethods.SIGTERM;

    private bool Persistent => redis.Annotations.OfType<PersistenceAnnotation>().Any();

    public override Task PrepareAsync(CancellationToken cancellationToken)
    {
        var choice = (Context.Configuration["Hosting:RedisServer"] ?? "auto").Trim().ToLowerInvariant();
        var redisServer = ExecutableFinder.FindOnPath("redis-server");
        switch (choice)
        {
            case "redis":
                _program = redisServer ?? throw new DistributedApplicationException(
                    "Hosting:RedisServer is 'redis' but redis-server is not installed. Install it: sudo apt-get install redis-server " +
                    "(or brew install redis), or use Garnet: set Hosting__RedisServer=garnet.");
                _server = "redis-server";
                break;
            case "garnet":
                _program = FindGarnet();
                _server = "garnet";
                break;
            case "auto":
                (_program, _server) = redisServer is not null ? (redisServer, "redis-server") : (FindGarnet(), "garnet");
                break;
            default:
                throw new DistributedApplicationException(
                    $"Hosting:RedisServer is '{choice}'; use 'auto', 'redis' or 'garnet'.");
        }
        _dataDirectory = DataDirectories.Resolve(redis, Context);
        Directory.CreateDirectory(_dataDirectory);
        return Task.CompletedTask;
    }

    internal static string FindGarnet()
    {
        var recorded = typeof(RedisRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GarnetServerPath")?.Value;
        if (recorded is not null && File.Exists(recorded))
        {
            return recorded;
        }
        throw new DistributedApplicationException(
            $"Neither redis-server nor Garnet was found (expected Garnet at '{recorded}'). Restore it with 'dotnet build' " +
            "(the garnet-server package comes with VotingApp.Hosting), or install Redis: sudo apt-get install redis-server.");
    }

    public override async Task<Task<int>> StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = redis.PrimaryEndpoint.Annotation.AllocatedEndpoint!;
        var password = redis.PasswordParameter?.Value;
        var port = endpoint.Port.ToString(CultureInfo.InvariantCulture);
        string file;
        List<string> args;
        var environment = new Dictionary<string, string?>();
        if (_server == "redis-server")
        {
            // The password goes into a 0600 config file, never onto the command line (visible in ps).
            var config = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"port {port}")
                .AppendLine("bind 127.0.0.1 -::1")
                .AppendLine("protected-mode yes")
                .AppendLine("daemonize no")
                .AppendLine(CultureInfo.InvariantCulture, $"dir \"{_dataDirectory}\"")
                .AppendLine("save \"\"")
                .AppendLine(Persistent ? "appendonly yes" : "appendonly no")
                .AppendLine("appendfsync always");
            if (password is not null)
            {
                config.AppendLine(CultureInfo.InvariantCulture, $"requirepass \"{password}\"");
            }
            var configPath = Path.Combine(Context.RunDirectory, $"{redis.Name}.redis.conf");
            await File.WriteAllTextAsync(configPath, string.Empty, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(configPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            await File.WriteAllTextAsync(configPath, config.ToString(), cancellationToken).ConfigureAwait(false);
            file = _program;
            args = [configPath];
        }
        else
        {
            file = ExecutableFinder.FindDotnet();
            // --device-type RandomAccess: managed file I/O (the native device needs libaio, which hosts often lack)
            // --lua-transaction-mode: scripts run atomically, as Redis runs them (Garnet's default interleaves their commands
            // with other clients', which would break the queue's take and recovery scripts).
            // --minthreads 16: with --aof-commit-wait a session blocks a pool thread until its write is in the file, and the
            // commit itself needs a pool thread; with the default minimum (one per core) the pool starved for ~0.7 s at a time.
            args = [_program, "--port", port, "--bind", "127.0.0.1", "--lua", "true", "--lua-transaction-mode", "true",
                    "--checkpointdir", _dataDirectory, "--device-type", "RandomAccess", "--minthreads", "16"];
            // idle pool threads spinning in sched_yield took ~14% of both cores under load; the services run without it too
            environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
            if (password is not null)
            {
                args.AddRange(["--auth", "Password", "--password", password]);
            }
            if (Persistent)
            {
                // --aof-commit-wait: a write is answered only once it is in the append-only file (O_DIRECT, no fsync), so a
                // crash loses nothing acknowledged. Without it, commit-freq 0 only *issues* the commit, and a SIGKILL under
                // load loses the last acknowledged writes (measured: 20-895 of ~250k). --recover replays the file on start.
                args.AddRange(["--aof", "--aof-commit-freq", "0", "--aof-commit-wait", "--recover"]);
            }
        }
        Process = await ManagedProcess.StartAsync(file, args, _dataDirectory, environment, redis.Name, Context.Logs).ConfigureAwait(false);
        return Process.Exited;
    }

    public override async Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var endpoint = redis.PrimaryEndpoint.Annotation.AllocatedEndpoint!;
        try
        {
            var problem = await RespClient.PingAsync("127.0.0.1", endpoint.Port, redis.PasswordParameter?.Value, cancellationToken).ConfigureAwait(false);
            return problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(problem);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
