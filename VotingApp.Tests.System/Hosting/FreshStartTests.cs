using System.Net;
using System.Text.RegularExpressions;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Hosting;

/// <summary>
/// A fresh start of the whole application is clean: the <c>migrations</c> resource applies the schema and exits 0
/// before worker and result start (they <c>WaitForCompletion</c> of it), so nothing queries a table that is not there
/// yet, and no process logs an error. Before the migration was its own resource, every fresh start had the result read
/// <c>vote_tally</c> before the worker had created it: PostgreSQL logged <c>ERROR: relation "vote_tally" does not
/// exist</c>, and the result's trace and metrics recorded the failure.
/// </summary>
public sealed partial class FreshStartTests(ITestOutputHelper output)
{
    /// <summary>The .NET services and tools whose logs must hold no error.</summary>
    private static readonly string[] s_projects = [.. TestApp.Services, .. TestApp.OneShots];

    [Fact]
    public async Task A_fresh_start_applies_the_schema_before_worker_and_result_start_and_logs_no_error()
    {
        await using var app = await TestApp.StartAsync(output);

        // the paths a fresh start exercises: the result's first tally read, then one vote through the worker
        using (var vote = await app.PostVoteAsync("a", "fresh-start-voter"))
        {
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        }
        await app.WaitForResultsAsync(r => r.A == 1 && r.Total == 1, TimeSpan.FromSeconds(30));
        // every project's console and OTLP export has caught up (batched exports leave about every second)
        await Task.Delay(TimeSpan.FromSeconds(3));
        var lines = app.Output.ResourceLines.ToList();

        // PostgreSQL logs every statement that failed (log_min_error_statement defaults to ERROR)
        var postgresErrors = lines.Where(l => l.Resource == "postgres" && PostgresError().IsMatch(l.Text)).Select(l => l.Text).ToList();
        Assert.True(postgresErrors.Count == 0, $"PostgreSQL logged errors on a fresh start:\n{string.Join('\n', postgresErrors)}");

        // the console logger writes "fail:" (Error) and "crit:" (Critical) at the start of an entry; Aspire's lines are
        // "<n>: <timestamp> <text>", colours included
        var entries = lines.Where(l => s_projects.Contains(l.Resource))
            .Select(l => (l.Resource, l.Text, Level: ConsoleEntry().Match(Ansi().Replace(l.Text, string.Empty)).Groups["level"].Value))
            .ToList();
        // the check reads the levels it is meant to read: every project's start is there, at info
        Assert.All(s_projects, p => Assert.Contains(entries, e => e.Resource == p && e.Level == "info"));
        var consoleErrors = entries.Where(e => e.Level is "fail" or "crit").Select(e => $"{e.Resource}| {e.Text}").ToList();
        Assert.True(consoleErrors.Count == 0, $"error lines on a fresh start:\n{string.Join('\n', consoleErrors)}");
        var exportedErrors = app.Telemetry.Logs.Where(l => l.SeverityNumber >= ReceivedLog.Error).Select(l => $"{l.Service}| {l.Body}").ToList();
        Assert.True(exportedErrors.Count == 0, $"error log records on a fresh start:\n{string.Join('\n', exportedErrors)}");
        // the worker found the schema in place: it did not have to apply it
        Assert.DoesNotContain(lines, l => l.Resource == "worker" && l.Text.Contains("schema objects are missing", StringComparison.Ordinal));

        // the migration ran once, ended with exit code 0, and ended before either service was started
        var migrations = Assert.Single(app.Instances("migrations"));
        Assert.True(KnownResourceStates.TerminalStates.Contains(migrations.Snapshot.State?.Text), $"migrations is {migrations.Snapshot.State?.Text}");
        Assert.Equal(0, migrations.Snapshot.ExitCode);
        Assert.NotNull(migrations.Snapshot.StopTimeStamp);
        var ended = migrations.Snapshot.StopTimeStamp.Value;
        Assert.Contains(lines, l => l.Resource == "migrations" && l.Text.Contains("Database schema ready", StringComparison.Ordinal));
        foreach (var service in new[] { "worker", "result" })
        {
            foreach (var instance in app.Instances(service))
            {
                Assert.NotNull(instance.Snapshot.StartTimeStamp);
                var started = instance.Snapshot.StartTimeStamp.Value;
                Assert.True(started >= ended, $"{instance.ResourceId} started at {started:O}, before migrations ended at {ended:O}");
            }
        }
    }

    [GeneratedRegex(@"\b(ERROR|FATAL|PANIC):")]
    private static partial Regex PostgresError();

    [GeneratedRegex(@"^([0-9]+: )?([0-9T:.-]+Z )?\s*(?<level>trce|dbug|info|warn|fail|crit):")]
    private static partial Regex ConsoleEntry();

    [GeneratedRegex(@"(\x1B|\\x1b)\[[0-9;]*[A-Za-z]")]
    private static partial Regex Ansi();
}
