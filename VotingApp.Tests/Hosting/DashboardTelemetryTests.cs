using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using VotingApp.Hosting.Dashboard;
using VotingApp.Hosting.Dashboard.Telemetry;
using VotingApp.Tests.Infrastructure;

namespace VotingApp.Tests.Hosting;

/// <summary>
/// The dashboard as the services' OTLP endpoint: a vote's trace, the structured logs and the metrics of the real
/// services show up in its API; the endpoint wants the AppHost's API key and protobuf, and refuses anything else
/// with a message, storing nothing.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DashboardTelemetryTests(TelemetryDashboardApp dashboard) : IClassFixture<TelemetryDashboardApp>
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(45);

    private HttpClient Client => dashboard.Client;

    [Fact]
    public async Task A_vote_is_one_trace_from_the_vote_request_through_the_queue_to_the_worker_and_the_result_push()
    {
        var voter = "dash-" + Guid.NewGuid().ToString("N")[..10];
        (await dashboard.System.PostVoteAsync("a", voter)).EnsureSuccessStatusCode();

        // the vote's trace, found by the route of its server span, holds the push, the worker's batch and the result's push
        var trace = await EventuallyAsync(async () =>
        {
            foreach (var summary in (await Client.GetFromJsonAsync<JsonElement>("/api/traces?resource=vote&q=POST%20/")).EnumerateArray())
            {
                var detail = await Client.GetFromJsonAsync<JsonElement>($"/api/traces/{summary.GetProperty("traceId").GetString()}");
                var spans = detail.GetProperty("spans").EnumerateArray().ToList();
                if (spans.Any(s => s.GetProperty("name").GetString() == "process votes") && spans.Any(s => s.GetProperty("resource").GetString() == "result"))
                {
                    return detail;
                }
            }
            return (JsonElement?)null;
        }, "a vote's trace through vote, worker and result");

        var all = trace.GetProperty("spans").EnumerateArray().ToList();
        var root = all[0];
        Assert.Equal("POST /", root.GetProperty("name").GetString());
        Assert.Equal("server", root.GetProperty("kind").GetString());
        Assert.Equal(0, root.GetProperty("depth").GetInt32());
        Assert.Equal("200", root.GetProperty("attributes").GetProperty("http.response.status_code").GetString());
        var push = all.Single(s => s.GetProperty("name").GetString() == "RPUSH votes" && s.GetProperty("parentSpanId").GetString() == root.GetProperty("spanId").GetString());
        Assert.Equal("producer", push.GetProperty("kind").GetString());
        Assert.Equal(1, push.GetProperty("depth").GetInt32());
        // tree order: every span comes after its parent, one level deeper
        var position = all.Select((s, i) => (s.GetProperty("spanId").GetString()!, i)).ToDictionary();
        foreach (var span in all.Skip(1))
        {
            var parent = span.GetProperty("parentSpanId").GetString()!;
            Assert.True(position[parent] < position[span.GetProperty("spanId").GetString()!]);
            Assert.Equal(all[position[parent]].GetProperty("depth").GetInt32() + 1, span.GetProperty("depth").GetInt32());
        }
        Assert.True(trace.GetProperty("durationMs").GetDouble() > 0);
    }

    [Fact]
    public async Task Structured_logs_arrive_with_their_attributes_and_can_be_filtered_and_streamed()
    {
        var logs = await EventuallyAsync(async () =>
        {
            var found = await Client.GetFromJsonAsync<JsonElement>("/api/logs?resource=worker&q=starting");
            return found.GetArrayLength() > 0 ? found : (JsonElement?)null;
        }, "the worker's start-up log record");
        var record = logs[0];
        Assert.Equal("worker", record.GetProperty("resource").GetString());
        Assert.Equal("Information", record.GetProperty("severity").GetString());
        Assert.Equal("VotingApp.Worker.VoteWorker", record.GetProperty("category").GetString());
        Assert.StartsWith("Worker ", record.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(record.GetProperty("attributes").TryGetProperty("BatchSize", out _), record.ToString());

        // a level filter: nothing under Warning comes back
        var warnings = await Client.GetFromJsonAsync<JsonElement>("/api/logs?level=Warning");
        Assert.All(warnings.EnumerateArray(), w => Assert.True(w.GetProperty("severityNumber").GetInt32() >= 13));
        using var badLevel = await Client.GetAsync("/api/logs?level=Loud");
        Assert.Equal(HttpStatusCode.BadRequest, badLevel.StatusCode);
        Assert.Contains("Unknown level 'Loud'", await badLevel.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // the stream replays the kept records first
        using var cts = new CancellationTokenSource(s_wait);
        using var stream = await Client.GetAsync("/api/logs/stream?resource=worker&q=starting", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cts.Token));
        var (name, data) = await SseReader.NextEventAsync(reader, cts.Token);
        Assert.Equal("log", name);
        Assert.Equal(record.GetProperty("sequence").GetInt64(), JsonDocument.Parse(data).RootElement.GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Metrics_show_each_instruments_latest_value()
    {
        (await dashboard.System.PostVoteAsync("b", "metric-" + Guid.NewGuid().ToString("N")[..10])).EnsureSuccessStatusCode();

        var duration = await EventuallyAsync(async () =>
        {
            var metrics = await Client.GetFromJsonAsync<JsonElement>("/api/metrics?resource=vote");
            return metrics.EnumerateArray().Where(m => m.GetProperty("name").GetString() == "http.server.request.duration")
                .Select(m => (JsonElement?)m).FirstOrDefault(m => m!.Value.GetProperty("count").GetUInt64() > 0);
        }, "the vote service's http.server.request.duration");
        Assert.Equal("histogram", duration.GetProperty("type").GetString());
        Assert.Equal("s", duration.GetProperty("unit").GetString());
        Assert.True(duration.GetProperty("sum").GetDouble() > 0);
        Assert.True(duration.GetProperty("series").GetInt32() >= 1);
    }

    [Fact]
    public async Task The_OTLP_endpoint_wants_the_api_key_and_protobuf_and_a_bad_request_stores_nothing()
    {
        var otlp = dashboard.App.DashboardOtlpUrl!;
        Assert.Equal("localhost", otlp.Host);
        Assert.True(dashboard.App.ResourceNotifications.TryGetCurrentState("vote", out var vote));
        var headers = vote!.Snapshot.Launch!.Environment.Single(e => e.Key == "OTEL_EXPORTER_OTLP_HEADERS").Value;
        Assert.StartsWith("x-otlp-api-key=", headers, StringComparison.Ordinal);
        Assert.Equal(otlp.ToString().TrimEnd('/'), vote.Snapshot.Launch.Environment.Single(e => e.Key == "OTEL_EXPORTER_OTLP_ENDPOINT").Value);
        var key = headers["x-otlp-api-key=".Length..];
        using var client = new HttpClient { BaseAddress = otlp };

        using (var noKey = await client.PostAsync("/v1/traces", Protobuf([])))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
            Assert.Contains("x-otlp-api-key", await noKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        client.DefaultRequestHeaders.Add("x-otlp-api-key", key);
        using (var json = await client.PostAsync("/v1/logs", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
            Assert.Contains("application/x-protobuf", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var before = (await Client.GetFromJsonAsync<JsonElement>("/api/logs?tail=5000")).GetArrayLength();
        // a resource_logs field that claims 200 bytes and has 3
        using (var truncated = await client.PostAsync("/v1/logs", Protobuf([0x0A, 0xC8, 0x01, 0x01, 0x02, 0x03])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
            Assert.Contains("Malformed OTLP request", await truncated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var empty = await client.PostAsync("/v1/metrics", Protobuf([])))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Equal("application/x-protobuf", empty.Content.Headers.ContentType?.MediaType);
        }
        Assert.True((await Client.GetFromJsonAsync<JsonElement>("/api/logs?tail=5000")).GetArrayLength() >= before);

        // each port serves its own side only; the key never reaches the page
        using (var page = await client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }
        using (var wrongSide = await Client.PostAsync("/v1/traces", Protobuf([])))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrongSide.StatusCode);
        }
        var resources = await Client.GetStringAsync("/api/resources");
        Assert.DoesNotContain(key, resources, StringComparison.Ordinal);
        Assert.Contains("x-otlp-api-key=********", resources, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_keeps_the_newest_traces_and_logs_and_a_trace_that_grows_stays()
    {
        var store = new TelemetryStore(maxTraces: 3, maxLogs: 2);
        static TelemetrySpan Span(string trace, string span) =>
            new("vote", "vote", "test", trace.PadLeft(32, '0'), span.PadLeft(16, '0'), string.Empty, $"span {span}", "server", 1, 2, "unset", null,
                new Dictionary<string, string>(), [], []);

        store.AddSpans([Span("1", "a"), Span("2", "b"), Span("3", "c")]);
        store.AddSpans([Span("1", "d")]); // trace 1 grows: it is the newest now
        store.AddSpans([Span("4", "e")]); // trace 2 is the oldest: it goes

        Assert.Equal(["4", "1", "3"], store.Traces(10).Select(t => t[0].TraceId.TrimStart('0')));
        Assert.Equal(2, store.Trace("1".PadLeft(32, '0'))!.Count);
        Assert.Null(store.Trace("2".PadLeft(32, '0')));

        store.AddLogs(Enumerable.Range(0, 5).Select(i => new TelemetryLog(0, "vote", "vote", "c", (ulong)i, "Information", 9, $"m{i}", new Dictionary<string, string>(), "", "")));
        Assert.Equal(["m3", "m4"], store.Logs().Select(l => l.Message));
        Assert.Equal([4L, 5L], store.Logs().Select(l => l.Sequence));
    }

    [Fact]
    public void The_OTLP_endpoint_key_and_limits_come_from_Aspires_settings()
    {
        static DashboardOptions Read(params (string Key, string Value)[] settings) => DashboardOptions.FromConfiguration(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build(), randomizePort: false);

        Assert.Null(Read().Otlp);
        var on = Read(("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "http://localhost:18890"));
        Assert.Equal(("localhost", 18890), on.Otlp);
        Assert.Equal(32, on.OtlpApiKey!.Length);
        Assert.Equal(new Uri("http://localhost:18890"), on.OtlpUrl(18890));
        Assert.Equal("k", Read(("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "http://127.0.0.1:4318"), ("Dashboard:Otlp:PrimaryApiKey", "k")).OtlpApiKey);
        Assert.Null(Read(("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "http://localhost:18890"), ("Dashboard:Otlp:AuthMode", "Unsecured")).OtlpApiKey);
        Assert.Null(Read(("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "http://localhost:18890"), ("ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS", "true")).OtlpApiKey);
        Assert.Equal(50, Read(("Dashboard:TelemetryLimits:MaxTraceCount", "50")).MaxTraces);

        var badUrl = Assert.Throws<DistributedApplicationException>(() => Read(("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "https://localhost:18890")));
        Assert.Contains("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", badUrl.Message, StringComparison.Ordinal);
        var badLimit = Assert.Throws<DistributedApplicationException>(() => Read(("Dashboard:TelemetryLimits:MaxLogCount", "-1")));
        Assert.Contains("positive whole number", badLimit.Message, StringComparison.Ordinal);
    }

    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement?>> probe, string what)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The dashboard did not show {what} within {s_wait.TotalSeconds:0} s.");
    }
}
