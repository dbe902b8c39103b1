using System.Diagnostics;

namespace VotingApp.Seed;

/// <summary>
/// Vote → screen latency: one probe vote for b at a time (distinct voters), timed from sending the POST until the
/// result service's live channel (SSE) shows it, while a background load votes a at a fixed rate.
/// </summary>
internal static class LatencyProbe
{
    public static async Task<int> RunAsync(VoteClient client, int probes, int backgroundRate, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var stopBackground = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sse = client.ResultStream;
        using var response = await sse.GetAsync("/api/results/stream", HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));

        long latestB = -1;
        var changed = new SemaphoreSlim(0);
        var readLoop = Task.Run(async () =>
        {
            var data = new System.Text.StringBuilder();
            while (await reader.ReadLineAsync(stopBackground.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line.AsSpan(5).Trim());
                }
                else if (line.Length == 0 && data.Length > 0)
                {
                    if (data[0] == '{')
                    {
                        Volatile.Write(ref latestB, VoteClient.ParseResults(data.ToString()).B);
                        changed.Release();
                    }
                    data.Clear();
                }
            }
        }, stopBackground.Token);

        var background = backgroundRate > 0 ? Task.Run(() => BackgroundLoadAsync(client, backgroundRate, run, stopBackground.Token), stopBackground.Token) : Task.CompletedTask;
        while (Volatile.Read(ref latestB) < 0)
        {
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        await Task.Delay(backgroundRate > 0 ? 1000 : 100, cancellationToken).ConfigureAwait(false); // let the load settle

        var latencies = new LatencyRecorder(probes);
        var missed = 0;
        for (var i = 0; i < probes; i++)
        {
            while (changed.CurrentCount > 0)
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            var target = Volatile.Read(ref latestB) + 1;
            var started = Stopwatch.GetTimestamp();
            await client.PostAsync('b', $"probe-{run}-{i}", cancellationToken).ConfigureAwait(false);
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5;
            while (Volatile.Read(ref latestB) < target && Stopwatch.GetTimestamp() < deadline)
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
            }
            if (Volatile.Read(ref latestB) >= target)
            {
                latencies.Record(Stopwatch.GetTimestamp() - started);
            }
            else
            {
                missed++;
            }
            if (i % 20 == 19)
            {
                Report.Progress($"latency: {i + 1}/{probes} probes");
            }
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
        Report.EndProgress();
        await stopBackground.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(background, readLoop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        var summary = latencies.Summarize();
        Report.Table($"vote → live channel, background {Report.N(backgroundRate)} votes/s", [
            ("probes", Report.N(summary.Count)),
            ("not seen within 5 s", Report.N(missed)),
            ("p50", Report.Ms(summary.P50)),
            ("p90", Report.Ms(summary.P90)),
            ("p99", Report.Ms(summary.P99)),
            ("max", Report.Ms(summary.Max)),
        ]);
        return missed == 0 ? 0 : 2;
    }

    private static async Task BackgroundLoadAsync(VoteClient client, int rate, string run, CancellationToken cancellationToken)
    {
        // 100 ticks a second, rate/100 votes per tick (spread over a few connections)
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var perTick = Math.Max(1, rate / 100);
        var i = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var batch = new Task[perTick];
                for (var k = 0; k < perTick; k++)
                {
                    batch[k] = client.PostAsync('a', $"load-{run}-{i++}", cancellationToken);
                }
                _ = Task.WhenAll(batch);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }
}
