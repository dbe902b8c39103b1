using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// A Redis-protocol server as a child process on a free loopback port, without persistence: the real redis-server
/// (Debian package) or Garnet (the garnet-server package, restored with this project's build). It can be killed and
/// started again on the same port, as a queue outage.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _kind;
    private Process? _process;

    private RedisServer(string kind, int port)
    {
        _kind = kind;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The servers the tests run against; Garnet only when its package was restored.</summary>
    public static TheoryData<string> Kinds()
    {
        var kinds = new TheoryData<string> { "redis-server" };
        if (File.Exists(GarnetPath))
        {
            kinds.Add("garnet");
        }
        return kinds;
    }

    public static async Task<RedisServer> StartAsync(string kind)
    {
        var server = new RedisServer(kind, FreePort());
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var start = _kind == "garnet"
            ? new ProcessStartInfo("dotnet", [GarnetPath, "--port", $"{Port}", "--bind", "127.0.0.1", "--lua", "true"])
            : new ProcessStartInfo("/usr/bin/redis-server", ["--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                Assert.False(_process.HasExited, $"{_kind} exited at start");
                await Task.Delay(20, deadline.Token);
            }
        }
    }

    /// <summary>Kills the server (SIGKILL) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private static string GarnetPath =>
        typeof(RedisServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "GarnetServerPath")?.Value ?? string.Empty;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
