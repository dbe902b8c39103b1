using System.Text;

namespace VotingApp.Seed;

/// <summary>
/// Live viewers: N Server-Sent Events connections to one result instance, then votes; every viewer must end on the
/// final count. Reports how many pushes each viewer received (fewer than votes = the server coalesced bursts).
/// </summary>
internal static class ViewersProbe
{
    public static async Task<int> RunAsync(VoteClient client, int viewers, int votes, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var http = client.ResultStream;
        var latest = new long[viewers];
        var pushes = new int[viewers];
        Array.Fill(latest, -1);
        var tasks = new Task[viewers];
        for (var i = 0; i < viewers; i++)
        {
            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                using var response = await http.GetAsync("/api/results/stream", HttpCompletionOption.ResponseHeadersRead, stop.Token).ConfigureAwait(false);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token).ConfigureAwait(false));
                var data = new StringBuilder();
                while (await reader.ReadLineAsync(stop.Token).ConfigureAwait(false) is { } line)
                {
                    if (line.StartsWith("data:", StringComparison.Ordinal))
                    {
                        data.Append(line.AsSpan(5).Trim());
                    }
                    else if (line.Length == 0 && data.Length > 0)
                    {
                        if (data[0] == '{')
                        {
                            Volatile.Write(ref latest[index], VoteClient.ParseResults(data.ToString()).Total);
                            Interlocked.Increment(ref pushes[index]);
                        }
                        data.Clear();
                    }
                }
            }, stop.Token);
        }

        var connectDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (CountAtLeast(latest, 0) < viewers && DateTime.UtcNow < connectDeadline)
        {
            Report.Progress($"viewers: {Report.N(CountAtLeast(latest, 0))} of {Report.N(viewers)} connected");
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
        Report.EndProgress();
        var connected = CountAtLeast(latest, 0);
        var before = (await client.ResultsAsync(cancellationToken).ConfigureAwait(false)).Total;
        Array.Clear(pushes);

        await Parallel.ForAsync(0, votes, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
            await client.PostAsync((i & 1) == 0 ? 'a' : 'b', $"viewers-{run}-{i}", ct).ConfigureAwait(false)).ConfigureAwait(false);
        var expected = before + votes;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (CountAtLeast(latest, expected) < connected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        var upToDate = CountAtLeast(latest, expected);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            // streams closed by us
        }

        var sorted = pushes.Order().ToArray();
        Report.Table($"live viewers on one result instance", [
            ("viewers connected", $"{Report.N(connected)} of {Report.N(viewers)}"),
            ("votes sent", Report.N(votes)),
            ("viewers showing the final count", Report.N(upToDate)),
            ("pushes per viewer (min / median / max)", $"{sorted[0]} / {sorted[sorted.Length / 2]} / {sorted[^1]}"),
        ]);
        return upToDate == viewers ? 0 : 2;
    }

    private static int CountAtLeast(long[] values, long minimum)
    {
        var count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (Volatile.Read(ref values[i]) >= minimum)
            {
                count++;
            }
        }
        return count;
    }
}
