using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using VotingApp.ServiceDefaults.Prometheus;

namespace VotingApp.Tests.Observability;

/// <summary>The Prometheus text exporter on its own: names, suffixes, types, escaping, histogram buckets, and promtool.</summary>
public sealed class PrometheusExporterTests : IDisposable
{
    private readonly string _meterName = "VotingApp.Tests.Prometheus." + Guid.NewGuid().ToString("N");
    private readonly Meter _meter;
    private readonly PrometheusMetricReader _reader = new();
    private readonly MeterProvider _provider;

    public PrometheusExporterTests()
    {
        _meter = new Meter(_meterName);
        _provider = Sdk.CreateMeterProviderBuilder().AddMeter(_meterName).AddReader(_reader).Build()!;
    }

    public void Dispose()
    {
        _provider.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void A_counter_gets_the_total_suffix_drops_the_annotation_unit_and_keeps_its_labels()
    {
        var counter = _meter.CreateCounter<long>("votingapp.votes.accepted", "{vote}", "Votes accepted.");
        counter.Add(3, new KeyValuePair<string, object?>("vote.option", "a"));
        counter.Add(2, new KeyValuePair<string, object?>("vote.option", "b"));

        var text = _reader.Scrape();

        Assert.Contains("# HELP votingapp_votes_accepted_total Votes accepted.\n", text);
        Assert.Contains("# TYPE votingapp_votes_accepted_total counter\n", text);
        Assert.Contains("votingapp_votes_accepted_total{vote_option=\"a\"} 3\n", text);
        Assert.Contains("votingapp_votes_accepted_total{vote_option=\"b\"} 2\n", text);
    }

    [Fact]
    public void Units_become_base_unit_suffixes_and_non_monotonic_sums_are_gauges()
    {
        _meter.CreateUpDownCounter<long>("process.memory.usage", "By", "Memory.").Add(1024);
        _meter.CreateCounter<double>("process.cpu.time", "s", "CPU.").Add(1.5);
        _meter.CreateObservableGauge("cache.hit", () => 0.25, "1", "Hit ratio.");
        _meter.CreateCounter<long>("http.requests", "{request}/s", "Rate.").Add(1);

        var text = _reader.Scrape();

        Assert.Contains("# TYPE process_memory_usage_bytes gauge\n", text);
        Assert.Contains("process_memory_usage_bytes 1024\n", text);
        Assert.Contains("# TYPE process_cpu_time_seconds_total counter\n", text);
        Assert.Contains("process_cpu_time_seconds_total 1.5\n", text);
        Assert.Contains("# TYPE cache_hit_ratio gauge\n", text);
        Assert.Contains("cache_hit_ratio 0.25\n", text);
        Assert.Contains("http_requests_per_second_total 1\n", text);
    }

    [Fact]
    public void A_histogram_has_cumulative_buckets_up_to_plus_Inf_then_sum_and_count()
    {
        var histogram = _meter.CreateHistogram(
            "votingapp.worker.processing.lag", "s", "Lag.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        histogram.Record(0.05);
        histogram.Record(0.5);
        histogram.Record(0.7);
        histogram.Record(50);

        var lines = _reader.Scrape().Split('\n');

        Assert.Contains("# TYPE votingapp_worker_processing_lag_seconds histogram", lines);
        Assert.Equal(
            [
                "votingapp_worker_processing_lag_seconds_bucket{le=\"0.1\"} 1",
                "votingapp_worker_processing_lag_seconds_bucket{le=\"1\"} 3",
                "votingapp_worker_processing_lag_seconds_bucket{le=\"10\"} 3",
                "votingapp_worker_processing_lag_seconds_bucket{le=\"+Inf\"} 4",
                "votingapp_worker_processing_lag_seconds_sum 51.25",
                "votingapp_worker_processing_lag_seconds_count 4",
            ],
            lines.Where(l => l.StartsWith("votingapp_worker_processing_lag_seconds", StringComparison.Ordinal)));
    }

    [Fact]
    public void Label_values_are_escaped_and_names_sanitised()
    {
        var counter = _meter.CreateCounter<long>("odd-name/with.slash", null, "Help with \\ and\nnewline.");
        counter.Add(1, new KeyValuePair<string, object?>("error.type", "say \"hi\"\\path\nnext"), new KeyValuePair<string, object?>("9lives", 7));

        var text = _reader.Scrape();

        Assert.Contains("# HELP odd_name_with_slash_total Help with \\\\ and\\nnewline.\n", text);
        var sample = text.Split('\n').Single(l => l.StartsWith("odd_name_with_slash_total{", StringComparison.Ordinal));
        Assert.Contains("error_type=\"say \\\"hi\\\"\\\\path\\nnext\"", sample);
        Assert.Contains("_9lives=\"7\"", sample);
        Assert.EndsWith("} 1", sample);
    }

    [Fact]
    public void A_gauge_never_ends_in_a_histogram_suffix()
    {
        _meter.CreateUpDownCounter<long>("dotnet.assembly.count", "{assembly}", "Assemblies.").Add(3);
        _meter.CreateObservableGauge("queue.sum", () => 4L, null, "Sum gauge.");

        var text = _reader.Scrape();

        Assert.Contains("# TYPE dotnet_assembly_count_current gauge\n", text);
        Assert.Contains("dotnet_assembly_count_current 3\n", text);
        Assert.Contains("queue_sum_current 4\n", text);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    public void Doubles_are_written_the_way_Prometheus_parses_them(double value, string expected) =>
        Assert.Equal(expected, PrometheusTextWriter.FormatDouble(value));

    [Fact]
    public async Task Promtool_accepts_every_kind_of_metric_the_exporter_writes()
    {
        _meter.CreateCounter<long>("votingapp.votes.rejected", "{vote}", "Rejected.").Add(1, new KeyValuePair<string, object?>("error.type", "a \"quoted\"\nvalue\\"));
        _meter.CreateUpDownCounter<int>("votingapp.result.viewers", "{viewer}", "Viewers.").Add(2);
        _meter.CreateObservableGauge("votingapp.queue.depth", () => 12L, "{vote}", "Depth.");
        _meter.CreateHistogram<double>("http.server.request.duration", "s", "Duration.").Record(0.02, new KeyValuePair<string, object?>("http.route", "/"));
        _meter.CreateHistogram<int>("votingapp.worker.batch.size", "{message}", "Batch.").Record(5);
        _meter.CreateCounter<long>("dotnet.gc.heap.total_allocated", "By", "Allocated.").Add(4096);
        _meter.CreateUpDownCounter<long>("dotnet.assembly.count", "{assembly}", "Assemblies.").Add(3);

        var text = _reader.Scrape();

        Assert.NotEmpty(text);
        await Promtool.AssertCleanAsync(text, "the exporter's output");
    }

    [Fact]
    public async Task Promtool_check_fails_on_broken_exposition_so_the_checks_above_can_fail()
    {
        var (exitCode, output) = await Promtool.CheckMetricsAsync("# TYPE requests counter\nrequests 1\nbroken{ 2\n");
        Assert.True(exitCode != 0 || output.Length > 0, "promtool accepted a broken exposition");
    }
}
