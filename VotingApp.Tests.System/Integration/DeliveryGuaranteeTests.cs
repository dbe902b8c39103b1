using System.Net;
using System.Text;
using VotingApp.Queue;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Integration;

/// <summary>
/// The pipeline under repeated faults: nothing acknowledged is lost and the final tally is exact. Each test runs a
/// system of its own, bounded in time.
/// </summary>
public sealed class DeliveryGuaranteeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_worker_SIGKILLed_20_times_at_random_moments_during_a_2000_vote_flow_loses_nothing()
    {
        await using var app = await TestApp.StartAsync(output);
        const int votes = 2000;
        var random = new Random(20261122);
        var acknowledged = 0;
        var flow = Parallel.ForAsync(0, votes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var response = await app.PostVoteAsync(i % 4 == 0 ? "b" : "a", $"k20-{i}", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Interlocked.Increment(ref acknowledged);
            await Task.Delay(2, ct); // spread the flow over the kills
        });

        var duringFlow = 0;
        for (var kill = 0; kill < 20; kill++)
        {
            await Task.Delay(random.Next(20, 250));
            duringFlow += flow.IsCompleted ? 0 : 1;
            await app.KillResourceAsync("worker");
            await app.StartResourceAsync("worker", untilHealthy: false);
        }
        await flow;
        output.WriteLine($"{duringFlow} of the 20 kills happened while votes were still being sent");
        Assert.Equal(votes, acknowledged);

        var results = await app.WaitForResultsAsync(r => r.Total >= votes, s_settle);
        Assert.Equal(votes / 4, results.B);
        Assert.Equal(votes - votes / 4, results.A);
        await using var count = app.Db.CreateCommand("SELECT count(*) FROM votes WHERE id LIKE 'k20-%'");
        Assert.Equal(votes, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task PostgreSQL_stopped_for_5_seconds_during_a_flow_loses_nothing_and_both_services_recover_by_themselves()
    {
        await using var app = await TestApp.StartAsync(output);
        using var viewer = await LiveViewer.OpenAsync(app);
        const int votes = 1000;
        var flow = Parallel.ForAsync(0, votes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            using var response = await app.PostVoteAsync(i % 2 == 0 ? "a" : "b", $"pg5-{i}", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(8, ct);
        });
        await Task.Delay(500);
        await app.StopResourceAsync("postgres");
        await Task.Delay(TimeSpan.FromSeconds(5));
        await app.StartResourceAsync("postgres");
        var restarted = DateTime.UtcNow;
        await flow;

        var results = await app.WaitForResultsAsync(r => r.Total >= votes, s_settle);
        Assert.Equal(votes / 2, results.A);
        Assert.Equal(votes / 2, results.B);
        // the viewer that stayed connected across the restart sees the right counts too
        var pushed = await viewer.WaitForAsync(r => r.Total >= votes, s_settle);
        Assert.Equal(results, pushed);
        // both recovered without a process restart
        output.WriteLine($"all {votes} stored {(DateTime.UtcNow - restarted).TotalSeconds:0.0} s after PostgreSQL was back");
    }

    [Fact]
    public async Task The_queue_server_restarted_during_a_flow_with_persistence_on_loses_no_acknowledged_vote()
    {
        await using var app = await TestApp.StartAsync(output);
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<int>();
        var refused = 0;
        var next = -1;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var flow = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                // a vote refused (503) while the server is down is not acknowledged: the voter was told to retry
                using var response = await app.PostVoteAsync(i % 2 == 0 ? "a" : "b", $"q-{i}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.Add(i);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    Interlocked.Increment(ref refused);
                    await Task.Delay(20);
                }
            }
        })));

        async Task UntilAcknowledged(int count)
        {
            while (acknowledged.Count < count)
            {
                Assert.False(flow.IsCompleted, "the vote flow ended early");
                await Task.Delay(10);
            }
        }

        await UntilAcknowledged(200);
        // stop the worker so that the next acknowledged votes are still queued when the server dies
        await app.StopResourceAsync("worker");
        await UntilAcknowledged(acknowledged.Count + 300);
        await app.KillResourceAsync("cache");
        await Task.Delay(300);
        await app.StartResourceAsync("cache");
        await app.StartResourceAsync("worker");
        await UntilAcknowledged(acknowledged.Count + 200);
        await stop.CancelAsync();
        await flow;

        var expected = acknowledged.ToHashSet();
        output.WriteLine($"{expected.Count} acknowledged, {refused} refused while the queue was down");
        await app.WaitForResultsAsync(r => r.Total >= expected.Count, s_settle);
        // a vote answered 503 may still have reached the queue (the push landed, its reply did not): it is stored too,
        // possibly after the acknowledged ones, so compare the tally with the table only once nothing is in flight
        await app.WaitUntilQuietAsync(s_settle);
        var results = await app.GetResultsAsync();
        await using var command = app.Db.CreateCommand("SELECT id FROM votes WHERE id LIKE 'q-%'");
        var stored = new HashSet<int>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(int.Parse(reader.GetString(0)[2..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        Assert.Empty(expected.Except(stored));
        Assert.Equal(stored.Count, results.Total);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Several_workers_give_the_same_tally_and_a_voters_latest_vote_wins_even_when_processed_last(int workers)
    {
        await using var app = await TestApp.StartAsync(output, builder =>
            builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "worker")).WithReplicas(workers));
        var running = await app.WaitServiceProcessesAsync("worker");
        Assert.Equal(workers, running.Distinct().Count());
        Assert.All(running, pid => Assert.True(Processes.IsAlive(pid)));

        const int voters = 1500;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // every voter's newer vote is queued BEFORE the older one, in separate pushes, so some worker handles the old one last
        var newer = Enumerable.Range(0, voters).Select(i => new VoteMessage($"w{workers}-{i}", i % 3 == 0 ? "b" : "a", now + 1000)).ToList();
        var older = Enumerable.Range(0, voters).Select(i => new VoteMessage($"w{workers}-{i}", i % 3 == 0 ? "a" : "b", now)).ToList();
        for (var start = 0; start < voters; start += 100)
        {
            await app.Queue.EnqueueAsync(newer.GetRange(start, 100));
        }
        for (var start = 0; start < voters; start += 100)
        {
            await app.Queue.EnqueueAsync(older.GetRange(start, 100));
        }

        var expectedB = Enumerable.Range(0, voters).Count(i => i % 3 == 0);
        await app.WaitForResultsAsync(r => r.Total == voters, s_settle);
        var deadline = DateTime.UtcNow + s_settle;
        while (await app.Queue.LengthAsync() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await Task.Delay(500); // any straggling batch would change the counts now
        var results = await app.GetResultsAsync();
        Assert.Equal(expectedB, results.B);
        Assert.Equal(voters - expectedB, results.A);
        Assert.Equal("b", await app.StoredVoteAsync($"w{workers}-0"));
        Assert.Equal("a", await app.StoredVoteAsync($"w{workers}-1"));
    }
}
