using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using VotingApp.Queue;
using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Observability;
using VotingApp.Worker;

namespace VotingApp.Tests.Service;

/// <summary>
/// The worker in this process against redis-server and PostgreSQL, with traces exported: a batch continues the trace of
/// the vote it carries (the <c>traceparent</c> in the queue message), its PostgreSQL commands are in that trace, and
/// the idle loop (empty polls, heartbeats, the schema migration) makes no trace of its own.
/// </summary>
public sealed class WorkerTracingTests
{
    [Fact]
    public async Task A_batch_continues_the_votes_trace_and_idle_work_makes_no_trace()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" || source.Name.StartsWith("VotingApp.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var redis = await RedisServer.StartAsync("redis-server");
        await using var postgres = await PostgresServer.StartAsync();
        await using var service = await InProcessService.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:cache"] = redis.ConnectionString,
                ["ConnectionStrings:votesdb"] = postgres.ConnectionString,
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:1",
                ["Worker:HeartbeatIntervalSeconds"] = "0.1",
                ["Worker:HeartbeatTtlSeconds"] = "1",
            },
            builder => builder.AddWorkerServices());
        await Eventually.WaitUntilAsync(async () => (await service.Client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
        // a few idle seconds' worth of polls and heartbeats
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(stopped);

        var vote = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var traceParent = $"00-{vote.TraceId}-{vote.SpanId}-01";
        var queue = new VoteQueue(await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString));
        await queue.EnqueueRawAsync(VoteMessageCodec.Encode(new VoteMessage("traced-voter", "a", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), traceParent)));
        await Eventually.WaitUntilAsync(() => Task.FromResult(stopped.Any(a => a.DisplayName == "process votes")));

        var batch = Assert.Single(stopped, a => a.DisplayName == "process votes");
        Assert.Equal(vote.TraceId, batch.TraceId);
        Assert.Equal(vote.SpanId, batch.ParentSpanId);
        Assert.Contains(stopped, a => a.Source.Name == "Npgsql" && a.TraceId == vote.TraceId);
        Assert.All(stopped, a => Assert.Equal(vote.TraceId, a.TraceId));
    }
}
