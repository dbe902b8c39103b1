using System.Diagnostics;

namespace VotingApp.Seed;

/// <summary>
/// Ingestion benchmark: N votes (or a duration) at concurrency C from distinct voters over keep-alive connections;
/// throughput and latency percentiles, then proof that every acknowledged vote reached the results.
/// </summary>
internal static class BenchRun
{
    public static async Task<int> RunAsync(VoteClient client, int votes, int concurrency, TimeSpan? duration, TimeSpan settle, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var before = (await client.ResultsAsync(cancellationToken).ConfigureAwait(false)).Total;
        var capacity = duration is null ? votes : 5_000_000;
        var latencies = new LatencyRecorder(capacity);
        var next = -1;
        var acknowledged = 0;
        var refused = 0;
        var stop = duration is { } d ? DateTime.UtcNow + d : DateTime.MaxValue;
        var clock = Stopwatch.StartNew();

        async Task Worker()
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if ((duration is null && i >= votes) || (duration is not null && (DateTime.UtcNow >= stop || i >= capacity)))
                {
                    return;
                }
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await client.PostAsync((i & 1) == 0 ? 'a' : 'b', $"bench-{run}-{i}", cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }
                latencies.Record(Stopwatch.GetTimestamp() - started);
                if (ok)
                {
                    Interlocked.Increment(ref acknowledged);
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker, cancellationToken)).ToArray();
        var all = Task.WhenAll(workers);
        var lastCount = 0;
        var lastTime = TimeSpan.Zero;
        while (await Task.WhenAny(all, Task.Delay(1000, cancellationToken)).ConfigureAwait(false) != all)
        {
            var count = Volatile.Read(ref acknowledged);
            var now = clock.Elapsed;
            Report.Progress($"bench: {Report.N(count)} acknowledged, {Report.N((count - lastCount) / (now - lastTime).TotalSeconds)}/s, {refused} refused");
            (lastCount, lastTime) = (count, now);
        }
        await all.ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        Report.EndProgress();

        var expected = before + acknowledged;
        var drainClock = Stopwatch.StartNew();
        var total = await client.WaitForTotalAsync(expected, settle, cancellationToken).ConfigureAwait(false);
        var lost = Math.Max(0, expected - total);
        var summary = latencies.Summarize();
        Report.Table($"bench: {concurrency} connections, {elapsed.TotalSeconds:0.0} s", [
            ("votes acknowledged", Report.N(acknowledged)),
            ("votes refused", Report.N(refused)),
            ("throughput", $"{Report.N(acknowledged / elapsed.TotalSeconds)} votes/s"),
            ("latency p50", Report.Ms(summary.P50)),
            ("latency p90", Report.Ms(summary.P90)),
            ("latency p99", Report.Ms(summary.P99)),
            ("latency max", Report.Ms(summary.Max)),
            ("stored (results total)", $"{Report.N(total - before)} of {Report.N(acknowledged)}, {drainClock.Elapsed.TotalSeconds:0.00} s after the last vote"),
            ("lost", Report.N(lost)),
        ]);
        return lost == 0 ? 0 : 2;
    }
}
