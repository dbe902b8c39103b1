using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Npgsql;
using VotingApp.Queue;
using VotingApp.Result;
using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Observability;

namespace VotingApp.Tests.Service;

/// <summary>
/// The result service in this process against PostgreSQL, with traces exported: a <c>votes_changed</c> notification that
/// carries a batch's <c>traceparent</c> makes a push span in that trace, with the tally query under it; the LISTEN,
/// the keep-alive probe and the safety re-reads make no trace.
/// </summary>
public sealed class ResultTracingTests
{
    [Fact]
    public async Task A_push_joins_the_batchs_trace_and_idle_reads_make_no_trace()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" || source.Name.StartsWith("VotingApp.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var postgres = await PostgresServer.StartAsync();
        await using var service = await InProcessService.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:votesdb"] = postgres.ConnectionString,
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:1",
                ["Result:SafetyRefreshSeconds"] = "1",
            },
            builder => builder.AddResultServices(),
            app => app.MapResultEndpoints());
        await Eventually.WaitUntilAsync(async () => (await service.Client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
        // LISTEN, and a safety re-read or two
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Empty(stopped);

        var batch = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var builder = new NpgsqlDataSourceBuilder(postgres.ConnectionString);
        builder.ConfigureTracing(tracing => tracing.ConfigureCommandFilter(_ => false).EnablePhysicalOpenTracing(false));
        await using (var notifier = builder.Build())
        {
            await using var notify = notifier.CreateCommand($"SELECT pg_notify('{VotesDatabase.ChangeChannel}', '1 00-{batch.TraceId}-{batch.SpanId}-01')");
            await notify.ExecuteNonQueryAsync();
        }
        await Eventually.WaitUntilAsync(() => Task.FromResult(stopped.Any(a => a.DisplayName == "push results")));

        var push = Assert.Single(stopped, a => a.DisplayName == "push results");
        Assert.Equal(batch.TraceId, push.TraceId);
        Assert.Equal(batch.SpanId, push.ParentSpanId);
        Assert.Contains(stopped, a => a.Source.Name == "Npgsql" && a.ParentSpanId == push.SpanId);
        Assert.All(stopped, a => Assert.Equal(batch.TraceId, a.TraceId));
    }
}
