using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using VotingApp.Queue;

namespace VotingApp.Tests.Observability;

/// <summary>The service defaults in one process: /metrics, health and its time bound, server span tags, untraced probes, and secrets kept out of logs.</summary>
public sealed class ServiceDefaultsTests
{
    private const string RedisPassword = "Redis-S3cret-7f2c9a";
    private const string PostgresPassword = "Pg-S3cret-41bd07";

    // nothing listens on port 1: both dependencies are down from the start
    private static readonly Dictionary<string, string?> s_downDependencies = new()
    {
        ["ConnectionStrings:cache"] = $"127.0.0.1:1,password={RedisPassword}",
        ["ConnectionStrings:votesdb"] = $"Host=127.0.0.1;Port=1;Username=postgres;Password={PostgresPassword};Database=votes;Timeout=2",
        ["Aspire:StackExchange:Redis:ConfigurationOptions:ConnectTimeout"] = "500",
    };

    // traces are recorded only while they are exported; nothing listens on port 1, so exports just fail
    private static readonly Dictionary<string, string?> s_exporting = new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:1" };

    [Fact]
    public async Task Metrics_serves_Prometheus_text_with_the_built_in_meters_and_promtool_accepts_it()
    {
        await using var service = await InProcessService.StartAsync(map: app => app.MapGet("/hello", () => "hi"));
        (await service.Client.GetAsync("/hello")).EnsureSuccessStatusCode();
        (await service.Client.GetAsync("/metrics")).EnsureSuccessStatusCode();

        using var response = await service.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text);
        Assert.Contains("http_route=\"/hello\"", text);
        Assert.Contains("# TYPE dotnet_gc_heap_total_allocated_bytes_total counter", text);
        Assert.Contains("# TYPE kestrel_active_connections gauge", text);
        Assert.DoesNotContain(text.Split('\n'), line => line.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal)
            && line.Contains("http_route=\"/metrics\"", StringComparison.Ordinal));
        await Promtool.AssertNoErrorsAsync(text, "/metrics of an in-process service");
    }

    [Fact]
    public async Task A_metric_with_more_attribute_sets_than_the_limit_keeps_every_measurement_under_the_overflow_series()
    {
        await using var service = await InProcessService.StartAsync(map: app => app.MapGet("/hello", () => "hi"));
        (await service.Client.GetAsync("/hello")).EnsureSuccessStatusCode();
        using var meter = new System.Diagnostics.Metrics.Meter("VotingApp.Tests.Cardinality");
        var counter = meter.CreateCounter<long>("votingapp.tests.items", "{item}", "Items counted by the test.");
        const int sets = Extensions.CardinalityLimit + 50;
        for (var i = 0; i < sets; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("item", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var text = await service.Client.GetStringAsync("/metrics");
        var series = text.Split('\n').Where(l => l.StartsWith("votingapp_tests_items_total{", StringComparison.Ordinal)).ToList();

        Assert.InRange(series.Count, Extensions.CardinalityLimit - 2, Extensions.CardinalityLimit + 1);
        Assert.Contains(series, l => l.Contains("otel_metric_overflow=\"true\"", StringComparison.Ordinal));
        Assert.Equal(sets, series.Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
        // the per-stream view keeps the instrument's own histogram buckets (ASP.NET Core advises 5 ms … 10 s)
        Assert.Contains("http_server_request_duration_seconds_bucket{", text);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal)
            && l.Contains("le=\"0.005\"", StringComparison.Ordinal));
        await Promtool.AssertNoErrorsAsync(text, "/metrics with an overflowing metric");
    }

    [Fact]
    public async Task Health_is_the_status_word_alone_and_alive_answers_without_touching_the_dependencies()
    {
        await using var service = await InProcessService.StartAsync(s_downDependencies, builder =>
        {
            builder.AddVoteQueue("cache");
            builder.AddVotesDatabase("votesdb");
        });

        using var health = await service.Client.GetAsync("/health");
        using var alive = await service.Client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Detailed_health_names_the_checks_as_Aspire_does_and_no_password_reaches_a_response_or_a_log()
    {
        var configuration = new Dictionary<string, string?>(s_downDependencies) { ["HealthChecks:Detailed"] = "true" };
        await using var service = await InProcessService.StartAsync(configuration, builder =>
        {
            builder.AddVoteQueue("cache");
            builder.AddVotesDatabase("votesdb");
        });

        using var health = await service.Client.GetAsync("/health");
        var body = await health.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        var checks = document.RootElement.GetProperty("checks");

        Assert.Equal("Unhealthy", document.RootElement.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", checks.GetProperty("StackExchange.Redis").GetProperty("status").GetString());
        Assert.Equal("Unhealthy", checks.GetProperty("PostgreSql").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("self").GetProperty("status").GetString());

        var logs = string.Join("\n", service.Logs.Lines);
        Assert.Contains("PostgreSql", logs);
        Assert.Contains("StackExchange.Redis", logs);
        foreach (var secret in new[] { RedisPassword, PostgresPassword })
        {
            Assert.DoesNotContain(secret, body);
            Assert.DoesNotContain(secret, logs);
        }
    }

    [Theory]
    [InlineData("vote-under-test")]
    [InlineData(null)]
    public async Task The_service_reports_OTEL_SERVICE_NAME_or_else_its_application_name_never_unknown_service(string? serviceName)
    {
        await using var service = await InProcessService.StartAsync(new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = serviceName });
        var expected = serviceName ?? service.App.Environment.ApplicationName;

        var text = await service.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var target = Assert.Single(text.Split('\n'), l => l.StartsWith("target_info{", StringComparison.Ordinal));

        Assert.Contains($"service_name=\"{expected}\"", target, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown_service", target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_that_never_answers_is_cut_off_and_reported_unhealthy()
    {
        var configuration = new Dictionary<string, string?> { ["HealthChecks:Detailed"] = "true" };
        await using var service = await InProcessService.StartAsync(configuration, builder =>
            builder.Services.AddHealthChecks().AddAsyncCheck("hangs", async () =>
            {
                // ignores cancellation, as a check blocked on a dead dependency may
                await Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None);
                return HealthCheckResult.Healthy();
            }));

        using var health = await service.Client.GetAsync("/health");
        using var document = JsonDocument.Parse(await health.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", document.RootElement.GetProperty("checks").GetProperty("hangs").GetProperty("status").GetString());
        Assert.Equal("Healthy", document.RootElement.GetProperty("checks").GetProperty("self").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_server_span_gets_method_route_status_and_a_display_name_and_probes_are_not_recorded()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var service = await InProcessService.StartAsync(s_exporting, map: app =>
        {
            app.MapGet("/items/{id}", (string id) => id);
            app.MapGet("/boom", (HttpContext context) => Results.StatusCode(StatusCodes.Status502BadGateway));
        });

        (await service.Client.GetAsync("/items/42")).EnsureSuccessStatusCode();
        await service.Client.GetAsync("/boom");
        (await service.Client.GetAsync("/health")).EnsureSuccessStatusCode();
        (await service.Client.GetAsync("/metrics")).EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && SpansCount() < 4)
        {
            await Task.Delay(20);
        }
        Activity[] snapshot;
        lock (spans)
        {
            snapshot = [.. spans];
        }
        var item = Assert.Single(snapshot, a => (string?)a.GetTagItem("url.path") == "/items/42");
        Assert.Equal("GET /items/{id}", item.DisplayName);
        Assert.Equal("/items/{id}", item.GetTagItem("http.route"));
        Assert.Equal("GET", item.GetTagItem("http.request.method"));
        Assert.Equal(200, item.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityKind.Server, item.Kind);
        Assert.True(item.Recorded);

        var boom = Assert.Single(snapshot, a => (string?)a.GetTagItem("http.route") == "/boom");
        Assert.Equal(ActivityStatusCode.Error, boom.Status);
        Assert.Equal(502, boom.GetTagItem("http.response.status_code"));

        var probes = snapshot.Where(a => !a.Recorded).ToArray();
        Assert.Equal(2, probes.Length);
        Assert.All(probes, a => Assert.False(a.IsAllDataRequested));
        Assert.DoesNotContain(snapshot, a => a.Recorded && (a.DisplayName.Contains("/health", StringComparison.Ordinal) || a.DisplayName.Contains("/metrics", StringComparison.Ordinal)));

        int SpansCount()
        {
            lock (spans)
            {
                return spans.Count;
            }
        }
    }

    [Fact]
    public async Task Log_records_carry_the_trace_id_of_the_request_in_their_scope()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        string? traceId = null;
        await using var service = await InProcessService.StartAsync(map: app => app.MapGet("/log", (Microsoft.Extensions.Logging.ILogger<ServiceDefaultsTests> logger) =>
        {
            traceId = Activity.Current!.TraceId.ToHexString();
            Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Handling {Thing}", "a-thing");
            return "ok";
        }));

        (await service.Client.GetAsync("/log")).EnsureSuccessStatusCode();

        var line = Assert.Single(service.Logs.Lines, l => l.Contains("Handling a-thing", StringComparison.Ordinal));
        Assert.Contains("Thing=a-thing", line);
        Assert.Contains(traceId!, line);
    }
}
