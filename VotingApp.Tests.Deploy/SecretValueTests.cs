using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using StackExchange.Redis;

namespace VotingApp.Tests.Publishing;

/// <summary>
/// Any password works in what is published: one with every character that breaks a connection string, a URI, a shell
/// word or a config line goes through compose's interpolation, Kubernetes' <c>$(VAR)</c> expansion and the Redis
/// server's start script, and the real clients (StackExchange.Redis, Npgsql) and a real redis-server read it back.
/// </summary>
public sealed partial class SecretValueTests(PublishedOutput output) : IClassFixture<PublishedOutput>
{
    private const string Password = "p,a;s@s/w:o%r\"d'=\\ x$y";

    private static readonly Dictionary<string, string> s_secrets = new()
    {
        ["CACHE_PASSWORD"] = Password,
        ["POSTGRES_PASSWORD"] = Password,
    };

    private JsonObject Compose => Manifests.Parse(File.ReadAllText(Path.Combine(output.Compose, "docker-compose.yaml"))).Single();

    /// <summary>A service's environment as docker compose gives it: <c>${NAME:?…}</c> from <c>.env</c>, <c>$$</c> → <c>$</c>.</summary>
    private Dictionary<string, string> ComposeEnvironment(string service) =>
        Compose.At("services", service, "environment")!.AsObject().ToDictionary(
            p => p.Key,
            p => ComposeVariable().Replace(p.Value!.ToString(), m => m.Groups["dollar"].Success ? "$" : s_secrets[m.Groups["name"].Value]));

    [GeneratedRegex(@"(?<dollar>\$\$)|\$\{(?<name>[A-Z_]+)(:\?[^}]*)?\}")]
    private static partial Regex ComposeVariable();

    [Theory]
    [InlineData("vote")]
    [InlineData("worker")]
    [InlineData("result")]
    [InlineData("migrations")]
    public void Compose_passwords_are_whole_variables_that_the_clients_read_back(string service)
    {
        var env = ComposeEnvironment(service);
        foreach (var (key, value) in env)
        {
            Assert.False(value.Contains(Password, StringComparison.Ordinal) && value != Password, $"{service}: {key} splices the password into '{value}'");
        }
        AssertClientsReadThePassword(service, env);
    }

    [Fact]
    public async Task Chart_passwords_are_whole_variables_that_the_clients_read_back()
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml");
        // the migrations run as an init container of the worker's (and the result's) pods
        foreach (var (service, deploymentName, containers) in new[]
        {
            ("vote", "vote", "containers"), ("worker", "worker", "containers"), ("result", "result", "containers"), ("migrations", "worker", "initContainers"),
        })
        {
            var deployment = objects.Single(o => o.Kind() == "Deployment" && o.Name() == deploymentName);
            var configMap = objects.Single(o => o.Kind() == "ConfigMap" && o.Name() == $"{service}-config");
            var env = configMap.At("data")!.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToString());
            foreach (var item in deployment.Items("spec", "template", "spec", containers).Single(c => c.Str("name") == service).Items("env"))
            {
                var name = item.Str("name")!;
                if (item.Str("valueFrom", "secretKeyRef", "key") is { } key)
                {
                    env[name] = Password;
                    continue;
                }
                var value = item.Str("value")!;
                // Kubernetes expands $(NAME) of variables defined before; the published values are whole references
                Assert.True(!value.Contains("$(", StringComparison.Ordinal) || KubernetesReference().IsMatch(value), $"{service}: {name} splices a variable into '{value}'");
                env[name] = KubernetesReference().Replace(value, m => env[m.Groups[1].Value]);
            }
            AssertClientsReadThePassword(service, env);
        }
    }

    [GeneratedRegex(@"^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$")]
    private static partial Regex KubernetesReference();

    private static void AssertClientsReadThePassword(string service, Dictionary<string, string> env)
    {
        if (env.TryGetValue("ConnectionStrings__cache", out var cache))
        {
            // the services' Redis client takes the password from CACHE_PASSWORD (Aspire's connection property) when the connection string has none
            var options = ConfigurationOptions.Parse(cache);
            Assert.Null(options.Password);
            options.Password = env["CACHE_PASSWORD"];
            Assert.Equal(Password, options.Password);
            Assert.Equal(("cache", 6379), Assert.Single(options.EndPoints) is DnsEndPoint { Host: var host, Port: var p } ? (host, p) : default);
            Assert.Equal("cache", new Uri(env["CACHE_URI"]).Host);
        }
        if (env.TryGetValue("ConnectionStrings__votesdb", out var votesdb))
        {
            // Npgsql reads PGPASSWORD when the connection string has no password
            var builder = new NpgsqlConnectionStringBuilder(votesdb);
            Assert.Null(builder.Password);
            Assert.Equal(("postgres", 5432, "postgres", "votesdb"), (builder.Host, builder.Port, builder.Username, builder.Database));
            Assert.Equal(Password, env["PGPASSWORD"]);
            builder.Password = env["PGPASSWORD"];
            Assert.Equal(Password, new NpgsqlConnectionStringBuilder(builder.ConnectionString).Password);
            Assert.Equal("postgres", new Uri(env["VOTESDB_URI"]).UserInfo);
        }
        Assert.True(cache is not null || votesdb is not null, $"{service} has no connection string");
    }

    /// <summary>The compose file's Redis start script, run by sh against a real redis-server (paths and port moved to a temporary folder).</summary>
    [Fact]
    public async Task Redis_starts_with_the_password_from_its_environment_and_not_on_its_command_line()
    {
        var redisServer = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: apt-get install redis-server redis-tools");
        var command = Compose.Items("services", "cache", "command").Select(c => c.ToString()).ToList();
        Assert.Equal(["sh", "-c"], command.Take(2));
        var directory = Path.Combine(output.Directory, "redis");
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var script = command[2].Replace("$$", "$", StringComparison.Ordinal)
            .Replace("/tmp/redis.conf", Path.Combine(directory, "redis.conf"), StringComparison.Ordinal)
            .Replace("--dir /data", $"--dir {directory} --port {port} --bind 127.0.0.1 --save \"\"", StringComparison.Ordinal)
            .Replace("exec redis-server", $"exec {redisServer}", StringComparison.Ordinal);
        var start = new ProcessStartInfo("sh") { ArgumentList = { "-c", script }, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["REDISCLI_AUTH"] = Password;
        using var server = Process.Start(start)!;
        try
        {
            var options = new ConfigurationOptions { EndPoints = { { IPAddress.Loopback, port } }, Password = Password, AbortOnConnectFail = false, ConnectTimeout = 2000, AllowAdmin = true };
            await using var connection = await ConnectAsync(options);
            Assert.Equal("yes", (await connection.GetServer(IPAddress.Loopback, port).ConfigGetAsync("appendonly")).Single().Value);
            Assert.Equal("always", (await connection.GetServer(IPAddress.Loopback, port).ConfigGetAsync("appendfsync")).Single().Value);

            var cmdline = (await File.ReadAllTextAsync($"/proc/{server.Id}/cmdline")).Replace('\0', ' ');
            Assert.Contains("redis-server", cmdline, StringComparison.Ordinal);
            Assert.DoesNotContain("s@s/w", cmdline, StringComparison.Ordinal);

            var wrong = new ConfigurationOptions { EndPoints = { { IPAddress.Loopback, port } }, Password = Password + "x", AbortOnConnectFail = false, ConnectTimeout = 1000 };
            await using var refused = await ConnectionMultiplexer.ConnectAsync(wrong);
            await Assert.ThrowsAnyAsync<Exception>(() => refused.GetDatabase().PingAsync());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions options)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(options);
            try
            {
                await connection.GetDatabase().PingAsync();
                return connection;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await connection.DisposeAsync();
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
