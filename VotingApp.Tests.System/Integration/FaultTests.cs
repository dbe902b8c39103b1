using System.Net;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Integration;

/// <summary>Faults injected into a system of its own: a crashed worker, the queue down, the database down.</summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_worker_SIGKILLed_while_votes_flow_loses_none_after_it_is_restarted()
    {
        await using var app = await TestApp.StartAsync(output);
        const int votes = 2000;
        var sent = 0;
        var flow = Parallel.ForAsync(0, votes, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var response = await app.PostVoteAsync(i % 3 == 0 ? "b" : "a", voterId: $"kill-{i}", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Interlocked.Increment(ref sent);
        });

        while (Volatile.Read(ref sent) < votes / 4)
        {
            await Task.Delay(10);
        }
        await app.KillResourceAsync("worker");
        await flow;
        await app.StartResourceAsync("worker");

        var expectedB = Enumerable.Range(0, votes).Count(i => i % 3 == 0);
        var results = await app.WaitForResultsAsync(r => r.Total == votes, TimeSpan.FromSeconds(60));
        Assert.Equal(votes - expectedB, results.A);
        Assert.Equal(expectedB, results.B);
        Assert.Equal(0, await app.Queue.LengthAsync());
    }

    [Fact]
    public async Task With_the_queue_down_health_says_503_and_votes_are_refused_not_lost_then_it_recovers()
    {
        await using var app = await TestApp.StartAsync(output);
        (await app.PostVoteAsync("a", "before-outage")).EnsureSuccessStatusCode();
        await app.WaitForResultsAsync(r => r.A == 1, TimeSpan.FromSeconds(20));

        await app.StopResourceAsync("cache");
        await TestApp.WaitForStatusAsync(app.Vote, "/health", HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await app.Vote.GetAsync("/alive")).StatusCode);

        using (var refused = await app.PostVoteAsync("b", "during-outage"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter is not null, "503 without Retry-After");
        }

        await app.StartResourceAsync("cache");
        await TestApp.WaitForStatusAsync(app.Vote, "/health", HttpStatusCode.OK);
        (await app.PostVoteAsync("b", "after-outage")).EnsureSuccessStatusCode();
        var results = await app.WaitForResultsAsync(r => r.B == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, results.A);
    }

    [Fact]
    public async Task With_the_database_down_the_worker_keeps_the_votes_and_both_recover_by_themselves()
    {
        await using var app = await TestApp.StartAsync(output);
        (await app.PostVoteAsync("a", "db-before")).EnsureSuccessStatusCode();
        await app.WaitForResultsAsync(r => r.A == 1, TimeSpan.FromSeconds(20));

        await app.StopResourceAsync("postgres");
        await TestApp.WaitForStatusAsync(app.Result, "/health", HttpStatusCode.ServiceUnavailable);
        for (var i = 0; i < 50; i++)
        {
            (await app.PostVoteAsync(i % 2 == 0 ? "a" : "b", $"db-down-{i}")).EnsureSuccessStatusCode();
        }

        await app.StartResourceAsync("postgres");
        var results = await app.WaitForResultsAsync(r => r.Total == 51, TimeSpan.FromSeconds(30));
        Assert.Equal(26, results.A);
        Assert.Equal(25, results.B);
        await TestApp.WaitForStatusAsync(app.Result, "/health", HttpStatusCode.OK);
    }
}
