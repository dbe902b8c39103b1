using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using VotingApp.Queue;

namespace VotingApp.Seed;

/// <summary>
/// Worker drain: N votes from distinct voters are written to a staging list, moved onto the (empty) queue in one
/// atomic step, and the time until the results show all of them is measured (optionally with the worker's peak RSS).
/// </summary>
internal static class DrainProbe
{
    // Moves the staged backlog onto the queue only when the queue is empty, so nothing queued is overwritten.
    private const string PublishScript = """
        if redis.call('LLEN', KEYS[2]) == 0 then
          redis.call('RENAME', KEYS[1], KEYS[2])
          return 1
        end
        return 0
        """;

    public static async Task<int> RunAsync(VoteClient client, string redisConnection, int votes, int? workerPid, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var options = ConfigurationOptions.Parse(redisConnection);
        options.SyncTimeout = 30_000;
        using var redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        var db = redis.GetDatabase();
        RedisKey staging = $"votes:bench:{run}";
        var before = (await client.ResultsAsync(cancellationToken).ConfigureAwait(false)).Total;

        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var pending = new List<Task>();
        for (var start = 0; start < votes; start += 1000)
        {
            var count = Math.Min(1000, votes - start);
            var values = new RedisValue[count];
            for (var k = 0; k < count; k++)
            {
                var i = start + k;
                values[k] = VoteMessageCodec.Encode(new VoteMessage($"drain-{run}-{i}", (i & 1) == 0 ? "a" : "b", ts));
            }
            pending.Add(db.ListRightPushAsync(staging, values));
            if (pending.Count >= 64)
            {
                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
                Report.Progress($"drain: staged {Report.N(start + count)} votes");
            }
        }
        await Task.WhenAll(pending).ConfigureAwait(false);
        Report.EndProgress();

        while ((int)await db.ScriptEvaluateAsync(PublishScript, [staging, QueueKeys.Votes]).ConfigureAwait(false) != 1)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        var clock = Stopwatch.StartNew();
        long peakRss = 0;
        var expected = before + votes;
        long total;
        while ((total = (await client.ResultsAsync(cancellationToken).ConfigureAwait(false)).Total) < expected && clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            if (workerPid is { } pid)
            {
                peakRss = Math.Max(peakRss, RssBytes(pid));
            }
            Report.Progress($"drain: {Report.N(total - before)} of {Report.N(votes)} stored, {Report.N((total - before) / clock.Elapsed.TotalSeconds)}/s");
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        var elapsed = clock.Elapsed;
        Report.EndProgress();
        var lost = Math.Max(0, expected - total);
        List<(string, string)> rows =
        [
            ("votes", Report.N(votes)),
            ("drained in", $"{elapsed.TotalSeconds:0.00} s"),
            ("drain rate", $"{Report.N(votes / elapsed.TotalSeconds)} votes/s"),
            ("lost", Report.N(lost)),
        ];
        if (workerPid is not null)
        {
            rows.Add(("worker peak RSS", $"{peakRss / (1024.0 * 1024):0.0} MiB"));
        }
        Report.Table("worker drain", rows);
        return lost == 0 ? 0 : 2;
    }

    private static long RssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // process gone
        }
        return 0;
    }
}
