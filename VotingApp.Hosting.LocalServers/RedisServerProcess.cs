using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace VotingApp.Hosting.LocalServers;

/// <summary>How a <see cref="RedisServerProcessResource"/> is started and checked.</summary>
internal static class RedisServerProcess
{
    public const string ServerConfigurationKey = "Hosting:RedisServer";

    /// <summary>redis-server's arguments for <see cref="DurableAppendOnlyFileAnnotation"/> (also given to the container).</summary>
    public static readonly string[] DurableAppendOnlyArgs = ["--appendonly", "yes", "--appendfsync", "always"];

    /// <summary>
    /// A password with a comma cannot be carried by a StackExchange.Redis connection string (the format splits on commas
    /// and has no escape): refused before anything starts, in one line.
    /// </summary>
    public static async Task CheckPasswordAsync(IDistributedApplicationBuilder builder, RedisResource redis, CancellationToken cancellationToken)
    {
        if (redis.PasswordParameter is { } parameter &&
            (await parameter.GetValueAsync(cancellationToken).ConfigureAwait(false))?.Contains(',', StringComparison.Ordinal) == true)
        {
            throw StartFailure.Report(builder,
                $"The password of '{redis.Name}' contains a comma, which a StackExchange.Redis connection string cannot carry. Set Parameters:{parameter.Name} to one without ','.");
        }
    }

    public static RedisServerProcessResource Create(IDistributedApplicationBuilder builder, RedisResource redis, DataFolders folders)
    {
        var (program, garnet) = FindServer(builder.Configuration[ServerConfigurationKey]);
        var (data, _) = folders.For(redis);
        var durable = redis.HasAnnotationOfType<DurableAppendOnlyFileAnnotation>();
        var resource = new RedisServerProcessResource(redis, garnet ? DotnetHost() : program, data);
        var configFile = Path.Combine(folders.RunFolder, $"{redis.Name}.{(garnet ? "garnet.json" : "redis.conf")}");
        foreach (var endpoint in redis.Annotations.OfType<EndpointAnnotation>().Where(e => e.Name != "tcp").ToList())
        {
            redis.Annotations.Remove(endpoint); // the TLS ("secondary") endpoint Aspire adds when a dev certificate exists
        }
        ServerProcesses.ServeDirectly(redis.PrimaryEndpoint.EndpointAnnotation).TlsEnabled = false;

        builder.CreateResourceBuilder(resource)
            .WithIconName("Database")
            .WithHealthCheck(ServerProcesses.HealthCheckKey(redis.Name))
            .WithArgs(async context =>
            {
                var port = await redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort).GetValueAsync(context.CancellationToken).ConfigureAwait(false);
                var password = redis.PasswordParameter is { } parameter
                    ? await parameter.GetValueAsync(context.CancellationToken).ConfigureAwait(false)
                    : null;
                await WriteSecretFileAsync(configFile, garnet ? GarnetConfig(password) : RedisConfig(port!, data, durable, password), context.CancellationToken).ConfigureAwait(false);
                if (garnet)
                {
                    // --device-type RandomAccess: managed file I/O (the native device needs libaio, which hosts often lack).
                    // --lua-transaction-mode: scripts run atomically, as Redis runs them (Garnet's default interleaves their
                    // commands with other clients', which would break the queue's take and recovery scripts).
                    // --minthreads 16: with --aof-commit-wait a session blocks a pool thread until its write is in the file,
                    // and the commit itself needs one; with the default minimum (one per core) the pool starved ~0.7 s at a time.
                    string[] args = [program, "--config-import-path", configFile, "--port", port!, "--bind", "127.0.0.1",
                        "--lua", "true", "--lua-transaction-mode", "true", "--checkpointdir", data, "--device-type", "RandomAccess",
                        "--minthreads", "16"];
                    foreach (var arg in args)
                    {
                        context.Args.Add(arg);
                    }
                    if (durable)
                    {
                        // --aof-commit-wait: a write is answered only once it is in the append-only file; without it,
                        // commit-freq 0 only issues the commit and a SIGKILL under load lost 20-895 acknowledged writes.
                        // --recover replays the file on start.
                        foreach (var arg in new[] { "--aof", "--aof-commit-freq", "0", "--aof-commit-wait", "--recover" })
                        {
                            context.Args.Add(arg);
                        }
                    }
                }
                else
                {
                    context.Args.Add(configFile);
                }
            });
        if (garnet)
        {
            // idle pool threads spinning in sched_yield took ~14% of both cores under load; the services run without it too
            builder.CreateResourceBuilder(resource).WithEnvironment("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0");
        }
        return resource;
    }

    /// <summary>redis.conf: the password stays in this 0600 file, never on a command line.</summary>
    private static string RedisConfig(string port, string data, bool durable, string? password)
    {
        var config = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port {port}")
            .AppendLine("bind 127.0.0.1 -::1")
            .AppendLine("protected-mode yes")
            .AppendLine("daemonize no")
            .AppendLine(CultureInfo.InvariantCulture, $"dir {Quote(data)}")
            .AppendLine("save \"\"");
        if (durable)
        {
            config.AppendLine($"appendonly {DurableAppendOnlyArgs[1]}").AppendLine($"appendfsync {DurableAppendOnlyArgs[3]}");
        }
        if (password is not null)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"requirepass {Quote(password)}");
        }
        return config.ToString();

        // redis.conf strings: double quotes with backslash escapes (sdssplitargs)
        static string Quote(string value)
        {
            var quoted = new StringBuilder("\"");
            foreach (var c in value)
            {
                quoted.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                    _ => c.ToString(),
                });
            }
            return quoted.Append('"').ToString();
        }
    }

    /// <summary>Garnet's configuration file (JSON, Garnet's option names): the password stays out of the command line.</summary>
    private static string GarnetConfig(string? password) =>
        password is null ? "{}" : JsonSerializer.Serialize(new Dictionary<string, string> { ["AuthenticationMode"] = "Password", ["Password"] = password });

    private static async Task WriteSecretFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using var file = new FileStream(path, options);
        await file.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>redis-server on PATH, or Garnet's server assembly from the restored package.</summary>
    private static (string Program, bool Garnet) FindServer(string? choice)
    {
        var redisServer = Executables.FindOnPath("redis-server");
        return (choice ?? "auto").Trim().ToLowerInvariant() switch
        {
            "redis" => (redisServer ?? throw new DistributedApplicationException(
                $"{ServerConfigurationKey} is 'redis' but redis-server is not installed. Install it (sudo apt-get install redis-server, brew install redis), or use Garnet: Hosting__RedisServer=garnet."), false),
            "garnet" => (FindGarnet(), true),
            "auto" => redisServer is not null ? (redisServer, false) : (FindGarnet(), true),
            var other => throw new DistributedApplicationException($"{ServerConfigurationKey} is '{other}'; use 'auto', 'redis' or 'garnet'."),
        };
    }

    private static string FindGarnet()
    {
        var recorded = typeof(RedisServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GarnetServerPath")?.Value;
        return recorded is not null && File.Exists(recorded) ? recorded : throw new DistributedApplicationException(
            $"Neither redis-server nor Garnet was found (Garnet was expected at '{recorded}'). Run 'dotnet build' (it restores the garnet-server package), or install Redis: sudo apt-get install redis-server.");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Executables.FindOnPath("dotnet") ?? throw new DistributedApplicationException("The dotnet host was not found on PATH; Garnet needs it.");

    /// <summary>PING through StackExchange.Redis (with AUTH when there is a password), 2 s at most.</summary>
    public static async Task<HealthCheckResult> CheckHealthAsync(RedisServerProcessResource resource, CancellationToken cancellationToken)
    {
        try
        {
            var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
            var options = ConfigurationOptions.Parse(connectionString!);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 2000;
            options.SyncTimeout = 2000;
            options.ConnectRetry = 0;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(ex.Message.Split('\n')[0]);
        }
    }
}

/// <summary>Finds programs on PATH.</summary>
internal static class Executables
{
    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
