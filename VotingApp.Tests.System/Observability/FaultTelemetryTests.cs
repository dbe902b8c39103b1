using System.Net;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Observability;

/// <summary>Dependency faults surface as 503 and Unhealthy, and show in the metrics, rather than as a hang or a crash.</summary>
public sealed class FaultTelemetryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Redis_then_PostgreSQL_stopped_give_503_with_Retry_After_unhealthy_checks_and_counted_rejections()
    {
        await using var app = await TestApp.StartAsync(output);
        (await app.PostVoteAsync("a", "fault-before")).EnsureSuccessStatusCode();

        await app.StopResourceAsync("cache");
        await TestApp.WaitForStatusAsync(app.Vote, "/health", HttpStatusCode.ServiceUnavailable);
        using (var refused = await app.PostVoteAsync("b", "fault-during"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        Assert.Equal(HttpStatusCode.OK, (await app.Vote.GetAsync("/alive")).StatusCode);
        var voteMetrics = ScrapedMetrics.WithoutScopeLabels(await app.Vote.GetStringAsync("/metrics"));
        Assert.Contains("votingapp_votes_rejected_total{error_type=\"queue_unavailable\"}", voteMetrics);
        using var worker = app.NewClient("worker");
        await TestApp.WaitForStatusAsync(worker, "/health", HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/alive")).StatusCode);

        await app.StopResourceAsync("postgres");
        await TestApp.WaitForStatusAsync(app.Result, "/health", HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await app.Result.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Result.GetAsync("/api/results")).StatusCode);
        await Promtool.AssertNoErrorsAsync(await app.Result.GetStringAsync("/metrics"), "result's /metrics with PostgreSQL down");
        await Promtool.AssertNoErrorsAsync(await worker.GetStringAsync("/metrics"), "worker's /metrics with both dependencies down");

        await app.StartResourceAsync("cache");
        await app.StartResourceAsync("postgres");
        await TestApp.WaitForStatusAsync(app.Vote, "/health", HttpStatusCode.OK);
        (await app.PostVoteAsync("b", "fault-after")).EnsureSuccessStatusCode();
        await app.WaitForResultsAsync(r => r.A == 1 && r.B == 1, TimeSpan.FromSeconds(30));
    }
}
