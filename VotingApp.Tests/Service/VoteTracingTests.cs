using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using VotingApp.Queue;
using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Observability;
using VotingApp.Vote;

namespace VotingApp.Tests.Service;

/// <summary>
/// What a vote costs in spans while traces are exported: the request's server span and one <c>RPUSH votes</c> producer
/// span in its trace (the worker continues it from the message), no per-command span from the Redis client, and no
/// recorded span for a probe.
/// </summary>
public sealed class VoteTracingTests
{
    [Fact]
    public async Task A_vote_is_a_server_span_and_its_RPUSH_span_in_one_trace_and_the_Redis_client_traces_nothing()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var redis = await RedisServer.StartAsync("redis-server");
        await using var service = await InProcessService.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:cache"] = redis.ConnectionString,
                // nothing listens on port 1: exports fail, but tracing is on as it is under the AppHost
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:1",
            },
            builder => builder.AddVoteServices(),
            app => app.MapVoteEndpoints());

        using (var vote = await service.Client.PostAsync(new Uri("/", UriKind.Relative), new FormUrlEncodedContent([new("vote", "b")])))
        {
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        }
        (await service.Client.GetAsync(new Uri("/health", UriKind.Relative))).Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && stopped.Count(a => a.Kind == ActivityKind.Server) < 2)
        {
            await Task.Delay(20);
        }

        var server = Assert.Single(stopped, a => a.Kind == ActivityKind.Server && a.DisplayName == "POST /");
        var push = Assert.Single(stopped, a => a.Source.Name == QueueTelemetry.ActivitySourceName);
        Assert.Equal("RPUSH votes", push.DisplayName);
        Assert.Equal(server.TraceId, push.TraceId);
        Assert.Equal(server.SpanId, push.ParentSpanId);
        Assert.DoesNotContain(stopped, a => a.Source.Name.Contains("StackExchange", StringComparison.OrdinalIgnoreCase));
        Assert.True(server.Recorded);
        var probe = Assert.Single(stopped, a => a.Kind == ActivityKind.Server && a != server);
        Assert.False(probe.Recorded);
    }
}
