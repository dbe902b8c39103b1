using System.Net;
using System.Net.Http.Json;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Observability;

/// <summary>
/// The services' telemetry as Aspire's dashboard would receive it (here the test application's OTLP collector):
/// traces, metrics and logs of vote, worker and result arrive; every <c>/metrics</c> passes promtool.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TelemetryEndToEndTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(45);
    private readonly AppFixture _fixture;

    public TelemetryEndToEndTests(AppFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        fixture.App.AttachOutput(output);
    }

    private TestApp App => _fixture.App;

    private OtlpReceiver Receiver => App.Telemetry;

    [Fact]
    public async Task One_vote_is_one_trace_from_the_request_through_the_queue_and_the_worker_to_the_result_push()
    {
        var voter = "trace-" + Guid.NewGuid().ToString("N")[..12];
        (await App.PostVoteAsync("a", voter)).EnsureSuccessStatusCode();
        await App.WaitForResultsAsync(r => r.A >= 1, TimeSpan.FromSeconds(30));

        var request = await WaitForAsync(() => Receiver.Spans.FirstOrDefault(s =>
            s.Service == "vote" && s.Kind == 2 && s.Attributes.GetValueOrDefault("http.route") == "/"
            && s.Attributes.GetValueOrDefault("http.request.method") == "POST"), "the vote's server span");
        Assert.Equal("POST /", request.Name);
        Assert.Equal("200", request.Attributes["http.response.status_code"]);

        var push = await WaitForAsync(() => Receiver.Spans.FirstOrDefault(s => s.Service == "vote" && s.Name == "RPUSH votes"
            && (s.TraceId == request.TraceId || s.Links.Contains((request.TraceId, request.SpanId)))), "the RPUSH span");
        Assert.Equal("redis", push.Attributes["db.system.name"]);
        Assert.Equal("RPUSH", push.Attributes["db.operation.name"]);
        Assert.True(push.Attributes.ContainsKey("server.address"));

        var batch = await WaitForAsync(() => Receiver.Spans.FirstOrDefault(s => s.Service == "worker" && s.Name == "process votes"
            && (s.TraceId == request.TraceId || s.Links.Contains((request.TraceId, request.SpanId)))), "the worker's batch span");
        await WaitForAsync(() => Receiver.Spans.FirstOrDefault(s => s.Service == "worker" && s.TraceId == batch.TraceId
            && s.ParentSpanId == batch.SpanId && s.Scope == "Npgsql"), "the worker's PostgreSQL span inside the batch");
        await WaitForAsync(() => Receiver.Spans.FirstOrDefault(s => s.Service == "worker" && s.TraceId == batch.TraceId
            && s.ParentSpanId == batch.SpanId && s.Name.StartsWith("LTRIM votes:processing:", StringComparison.Ordinal)
            && s.Attributes.GetValueOrDefault("db.system.name") == "redis"), "the acknowledgement's Redis span inside the batch");

        var resultPush = await WaitForAsync(() => Receiver.Spans.FirstOrDefault(s => s.Service == "result" && s.Name == "push results"
            && s.TraceId == batch.TraceId && s.ParentSpanId == batch.SpanId), "the result push span continuing the batch");
        Assert.Equal(batch.TraceId, resultPush.TraceId);
    }

    [Fact]
    public async Task Every_service_exposes_its_metrics_with_convention_names_and_units_and_promtool_accepts_them()
    {
        (await App.PostVoteAsync("b", "metrics-" + Guid.NewGuid().ToString("N")[..8])).EnsureSuccessStatusCode();
        using (var refused = await App.PostVoteAsync("c"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        await App.WaitForResultsAsync(r => r.B >= 1, TimeSpan.FromSeconds(30));

        var expected = new Dictionary<string, string[]>
        {
            ["vote"] =
            [
                "# TYPE votingapp_votes_accepted_total counter", "votingapp_votes_accepted_total{vote_option=\"b\"}",
                "# TYPE votingapp_votes_rejected_total counter", "votingapp_votes_rejected_total{error_type=\"invalid_vote\"}",
                "# TYPE http_server_request_duration_seconds histogram",
            ],
            ["worker"] =
            [
                "# TYPE votingapp_queue_depth gauge", "# TYPE votingapp_queue_processing_depth gauge",
                "# TYPE votingapp_queue_dead_letter_depth gauge", "# TYPE votingapp_worker_batch_size histogram",
                "votingapp_worker_batch_size_bucket{le=\"+Inf\"}", "# TYPE votingapp_worker_votes_stored_total counter",
                "# TYPE votingapp_worker_processing_lag_seconds histogram", "# TYPE votingapp_worker_dead_letters_total counter",
                "# TYPE db_client_operation_duration_seconds histogram",
            ],
            ["result"] =
            [
                "# TYPE votingapp_result_push_duration_seconds histogram", "# TYPE votingapp_result_viewers gauge",
                "# TYPE votingapp_result_pushes_total counter",
            ],
        };
        foreach (var (service, lines) in expected)
        {
            using var client = App.NewClient(service);
            var text = await WaitForAsync(async () =>
            {
                var scraped = await client.GetStringAsync("/metrics");
                return lines.All(ScrapedMetrics.WithoutScopeLabels(scraped).Contains) ? scraped : null;
            }, $"{service}'s /metrics to show {string.Join(", ", lines)}");
            await Promtool.AssertNoErrorsAsync(text, $"{service}'s /metrics");
        }

        foreach (var (service, name, unit) in new[]
        {
            ("vote", "votingapp.votes.accepted", "{vote}"),
            ("vote", "votingapp.votes.rejected", "{vote}"),
            ("worker", "votingapp.worker.processing.lag", "s"),
            ("worker", "votingapp.queue.depth", "{vote}"),
            ("result", "votingapp.result.push.duration", "s"),
            ("result", "votingapp.result.viewers", "{viewer}"),
        })
        {
            await WaitForAsync(() => Receiver.Metrics.FirstOrDefault(m => m.Service == service && m.Name == name && m.Unit == unit),
                $"OTLP metric {name} ({unit}) from {service}");
        }
        Assert.All(Receiver.ContentTypes, type => Assert.Equal("application/x-protobuf", type));
    }

    [Fact]
    public async Task Logs_reach_the_collector_and_no_password_is_ever_logged()
    {
        var redisPassword = PasswordIn(await App.App.GetConnectionStringAsync("cache"), "password=", ',');
        var postgresPassword = PasswordIn(await App.App.GetConnectionStringAsync("votesdb"), "Password=", ';');
        Assert.False(string.IsNullOrEmpty(redisPassword), "the test needs a Redis password to look for");
        Assert.False(string.IsNullOrEmpty(postgresPassword), "the test needs a PostgreSQL password to look for");

        await WaitForAsync(() => Receiver.Logs.FirstOrDefault(l => l.Service == "worker"), "a log record from the worker");

        var console = App.Output.ResourceLines.Where(l => TestApp.Services.Contains(l.Resource)).Select(l => l.Text).ToList();
        Assert.NotEmpty(console);
        var otlp = Receiver.Logs.SelectMany(l => l.Attributes.Values.Append(l.Body)).ToList();
        foreach (var secret in new[] { redisPassword!, postgresPassword! })
        {
            Assert.DoesNotContain(console, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(otlp, text => text.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static string? PasswordIn(string? connectionString, string key, char separator)
    {
        if (connectionString is null)
        {
            return null;
        }
        var start = connectionString.IndexOf(key, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }
        start += key.Length;
        var end = connectionString.IndexOf(separator, start);
        return end < 0 ? connectionString[start..] : connectionString[start..end];
    }

    private static Task<T> WaitForAsync<T>(Func<T?> probe, string what)
        where T : class => WaitForAsync(() => Task.FromResult(probe()), what);

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }
            await Task.Delay(200);
        }
    }
}
