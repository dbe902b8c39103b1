using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using VotingApp.Migrations;
using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Observability;

namespace VotingApp.Tests.Service;

/// <summary>
/// The migrations tool against a real PostgreSQL: it waits while the server does not answer, applies the schema and
/// returns 0; it gives up after its wait, or at once on an error the server answers with, returning 1 after one line.
/// </summary>
public sealed class SchemaMigrationTests
{
    [Fact]
    public async Task While_PostgreSQL_does_not_answer_it_waits_then_applies_the_schema_and_returns_0()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await postgres.StopAsync();
        var logs = new CapturedLogs();
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);

        var run = Migration(dataSource, logs, waitSeconds: 60).RunAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(run.IsCompleted, "the run ended while PostgreSQL was down");
        await postgres.StartAgainAsync();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        await using (var command = dataSource.CreateCommand("SELECT to_regclass('votes') IS NOT NULL AND to_regclass('vote_tally') IS NOT NULL"))
        {
            Assert.True((bool)(await command.ExecuteScalarAsync())!);
        }
        // the wait is said once, not once per attempt
        Assert.Single(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("does not answer yet", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("Database schema ready", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));

        // on an up-to-date schema a run changes nothing, and succeeds
        Assert.Equal(0, await Migration(dataSource, new CapturedLogs(), waitSeconds: 5).RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_server_that_never_answers_is_reported_after_the_wait_with_1_and_one_line()
    {
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={FreePort()};Username=postgres;Database=postgres;Timeout=1");
        var logs = new CapturedLogs();
        var clock = Stopwatch.StartNew();

        Assert.Equal(1, await Migration(dataSource, logs, waitSeconds: 2).RunAsync(CancellationToken.None));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(20));
        var error = Assert.Single(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        Assert.Contains("PostgreSQL did not answer within 2 s", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_the_server_answers_with_fails_the_run_at_once()
    {
        await using var postgres = await PostgresServer.StartAsync();
        // a database that does not exist: no amount of waiting creates it
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString.Replace("Database=postgres", "Database=nosuchdb", StringComparison.Ordinal));
        var logs = new CapturedLogs();
        var clock = Stopwatch.StartNew();

        Assert.Equal(1, await Migration(dataSource, logs, waitSeconds: 60).RunAsync(CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        var error = Assert.Single(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        Assert.Contains("3D000", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tool_exits_1_after_one_error_line_on_its_console()
    {
        // the built tool itself, as the AppHost, compose and the chart run it: its own build output, same configuration
        var dll = ToolPath();
        Assert.True(File.Exists(dll), $"{dll} is missing");
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION");
        start.Environment["ConnectionStrings__votesdb"] = $"Host=127.0.0.1;Port={FreePort()};Username=postgres;Database=postgres;Timeout=1";
        start.Environment["Migrations__WaitSeconds"] = "1";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var lines = ((await stdout) + (await stderr)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(1, process.ExitCode);
        var failure = Assert.Single(lines, l => l.Contains("fail:", StringComparison.Ordinal));
        Assert.Contains("The database schema was not applied: PostgreSQL did not answer within 1 s", failure, StringComparison.Ordinal);
        // nothing else but the warning that it was waiting: no stack trace, no host start and stop lines
        Assert.All(lines, l => Assert.True(l.Contains("fail:", StringComparison.Ordinal) || l.Contains("warn:", StringComparison.Ordinal), l));
    }

    private static SchemaMigration Migration(NpgsqlDataSource dataSource, CapturedLogs logs, int waitSeconds)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SchemaMigration.WaitSecondsSetting] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Build();
        var loggerFactory = new LoggerFactory([logs]);
        return new SchemaMigration(dataSource, configuration, TimeProvider.System, loggerFactory.CreateLogger<SchemaMigration>());
    }

    private static string ToolPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        // <repository>/VotingApp.Tests/bin/<configuration>/<framework>/
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var repository = output.Parent.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(repository, "VotingApp.Migrations", "bin", configuration, framework, "VotingApp.Migrations.dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
