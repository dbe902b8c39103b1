using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Publishing;

namespace VotingApp.Tests.Observability;

/// <summary>
/// Every metric that an alert or a dashboard panel of <c>deploy/monitoring</c> queries is exported by the service that
/// the query names (its <c>job</c>), checked against the running system's <c>/metrics</c>; what Kubernetes provides
/// (kube-state-metrics, cAdvisor, Prometheus' own <c>up</c>) is listed. An alert on a metric nobody exports would never fire.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MonitoringMetricsTests
{
    private readonly AppFixture _fixture;

    public MonitoringMetricsTests(AppFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
    {
        _fixture = fixture;
        fixture.App.AttachOutput(output);
    }

    private static readonly HashSet<string> s_fromKubernetes =
    [
        "up",
        "kube_pod_container_status_restarts_total",
        "kube_pod_container_resource_limits",
        "container_memory_working_set_bytes",
        "container_cpu_cfs_throttled_periods_total",
        "container_cpu_cfs_periods_total",
    ];

    [Fact]
    public async Task Every_metric_the_alerts_and_the_dashboard_query_is_exported_by_the_service_they_name()
    {
        var app = _fixture.App;
        // the counters that appear with their first event: a refused vote, a stored vote, a push to a viewer
        using (var invalid = await app.PostVoteAsync("not-an-option"))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalid.StatusCode);
        }
        var before = await app.GetResultsAsync();
        using (var valid = await app.PostVoteAsync("a"))
        {
            valid.EnsureSuccessStatusCode();
        }
        await app.WaitForResultsAsync(r => r.Total > before.Total, TimeSpan.FromSeconds(30));

        var exported = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var job in new[] { "vote", "result", "worker" })
        {
            using var client = app.NewClient(job);
            var text = await client.GetStringAsync("/metrics");
            exported[job] = [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('{', ' ')[0])];
        }

        var missing = new List<string>();
        foreach (var (where, expr) in MonitoringAssets.Expressions)
        {
            foreach (var (metric, jobs) in MonitoringAssets.Selectors(expr))
            {
                if (s_fromKubernetes.Contains(metric))
                {
                    continue;
                }
                Assert.True(jobs.Length > 0, $"{where}: {metric} without a job label would match any service");
                missing.AddRange(jobs.Where(job => !exported.TryGetValue(job, out var names) || !names.Contains(metric)).Select(job => $"{where}: {metric} (job {job})"));
            }
        }
        Assert.True(missing.Count == 0, "not exported:\n" + string.Join('\n', missing.Distinct()));
    }
}
