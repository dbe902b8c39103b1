using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using VotingApp.Queue;
using VotingApp.Result;
using VotingApp.Vote;
using VotingApp.Worker;

namespace VotingApp.Tests.Observability;

/// <summary>
/// The services' own instruments and the runtime's through the real exporter (OpenTelemetry.Exporter.Prometheus.AspNetCore):
/// every metric that deploy/monitoring's alert rules and dashboard query is served under that exact name, and promtool
/// finds no error in the text.
/// </summary>
public sealed partial class MetricsExportTests
{
    [Fact]
    public async Task Every_metric_the_monitoring_queries_is_exported_under_its_name_and_promtool_finds_no_error()
    {
        await using var service = await InProcessService.StartAsync(configure: builder =>
        {
            builder.Services.AddSingleton(new OptionLabels("Cats", "Dogs"));
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<VoteMetrics>();
            builder.Services.AddSingleton<WorkerStats>();
            builder.Services.AddSingleton<QueueDepthSampler.Depths>();
            builder.Services.AddSingleton<WorkerMetrics>();
            builder.Services.AddSingleton<ResultBroadcaster>();
            builder.Services.AddSingleton<ResultMetrics>();
        }, map: app => app.MapGet("/hello", () => "hi"));
        (await service.Client.GetAsync(new Uri("/hello", UriKind.Relative))).EnsureSuccessStatusCode();
        var services = service.App.Services;
        var vote = services.GetRequiredService<VoteMetrics>();
        vote.Accepted("a");
        vote.Rejected(VoteMetrics.QueueUnavailable);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        services.GetRequiredService<WorkerMetrics>().RecordBatch(2, [new VoteMessage("v1", "a", now - 5), new VoteMessage("v2", "b", now - 7)], now);
        services.GetRequiredService<QueueDepthSampler.Depths>().Set(new QueueDepthSampler.Sample(3, 0, 1), TimeProvider.System.GetTimestamp());
        services.GetRequiredService<ResultMetrics>().RecordPush(Stopwatch.GetTimestamp(), changed: true);

        var text = await service.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var exported = text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => SampleName().Match(l).Value).ToHashSet();

        var queried = MonitoredMetricNames();
        Assert.NotEmpty(queried);
        Assert.All(queried, name => Assert.Contains(name, exported));
        await Promtool.AssertNoErrorsAsync(text, "/metrics with the services' instruments");
    }

    /// <summary>
    /// The metric names in deploy/monitoring (alert rules, their tests, the Grafana dashboard): ours (<c>votingapp_*</c>)
    /// and the runtime's and ASP.NET Core's it also queries (<c>dotnet_*</c>, <c>http_server_*</c>).
    /// </summary>
    private static HashSet<string> MonitoredMetricNames()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "deploy", "monitoring")))
        {
            directory = directory.Parent;
        }
        Assert.True(directory is not null, "deploy/monitoring not found above the test's directory");
        return Directory.EnumerateFiles(Path.Combine(directory!.FullName, "deploy", "monitoring"))
            .SelectMany(file => MonitoredName().Matches(File.ReadAllText(file)).Select(m => m.Value))
            .ToHashSet();
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();

    [GeneratedRegex(@"\b(votingapp|dotnet|http_server|kestrel|aspnetcore|db_client)_[a-z_]*[a-z]")]
    private static partial Regex MonitoredName();
}
