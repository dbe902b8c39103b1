using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 server (the Debian server binaries) in a temporary directory on a free loopback port,
/// trust authentication. PostgreSQL refuses to run as root: as root it runs as the <c>postgres</c> account (setpriv).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;

    private PostgresServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    public static async Task<PostgresServer> StartAsync()
    {
        Assert.True(File.Exists(Path.Combine(BinDirectory, "initdb")), "PostgreSQL 15 server binaries are not installed (postgresql-15).");
        var directory = Directory.CreateTempSubdirectory("votingapp-pg-").FullName;
        var server = new PostgresServer(directory, FreePort());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:postgres", directory);
        }
        await RunAsPostgresAsync("initdb", "-N", "-A", "trust", "-U", "postgres", "-D", Path.Combine(directory, "data"));
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the stopped server again on the same port, with the same data.</summary>
    public Task StartAgainAsync() =>
        RunAsPostgresAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "log"), "-w", "start",
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off");

    /// <summary>Stops the server at once (immediate shutdown, as a crash would), keeping its data.</summary>
    public Task StopAsync() =>
        RunAsPostgresAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        // pg_ctl stop fails on a server already stopped; the status tells whether one runs
        if (File.Exists(Path.Combine(_directory, "data", "postmaster.pid")))
        {
            await StopAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    private static Task RunAsPostgresAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", Path.Combine(BinDirectory, tool), .. args])
            : RunAsync(Path.Combine(BinDirectory, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{await output}{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
