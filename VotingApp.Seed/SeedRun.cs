namespace VotingApp.Seed;

/// <summary>
/// What the original seed-data does: ApacheBench POSTs vote=a ×1000, vote=b ×1000, vote=a ×1000 at concurrency 50,
/// without cookies — 3,000 distinct voters, expected 2,000 a / 1,000 b.
/// </summary>
internal static class SeedRun
{
    public static async Task<int> RunAsync(VoteClient client, int perRound, int concurrency, CancellationToken cancellationToken)
    {
        var ok = 0;
        var failed = 0;
        foreach (var option in "aba")
        {
            await Parallel.ForAsync(0, perRound, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (_, ct) =>
            {
                try
                {
                    if (await client.PostAsync(option, voterId: null, ct).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref ok);
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // counted below
                }
                Interlocked.Increment(ref failed);
            }).ConfigureAwait(false);
            Console.WriteLine($"seed: {perRound} × vote={option} sent");
        }
        Report.Table("seed", [("votes accepted", Report.N(ok)), ("votes refused", Report.N(failed))]);
        return failed == 0 ? 0 : 1;
    }
}
