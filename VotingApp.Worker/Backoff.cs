namespace VotingApp.Worker;

/// <summary>Exponential backoff with jitter between retries of a failing dependency. Pure: no I/O, no clock.</summary>
internal static class Backoff
{
    /// <summary>Shortest pause, before the second attempt.</summary>
    public static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest pause, however many attempts failed.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The pause after failed attempt number <paramref name="attempt"/> (0-based): 100 ms doubled per attempt, capped at
    /// 5 s, of which a random half (<paramref name="jitter"/> in [0, 1)) is dropped so that workers do not retry in step.
    /// The result is always within [<see cref="Min"/>/2, <see cref="Max"/>].
    /// </summary>
    public static TimeSpan Delay(int attempt, double jitter)
    {
        var exponent = Math.Clamp(attempt, 0, 30);
        var ceiling = Math.Min(Max.TotalMilliseconds, Min.TotalMilliseconds * Math.Pow(2, exponent));
        var share = 1 - (Math.Clamp(jitter, 0, 1) / 2);
        return TimeSpan.FromMilliseconds(Math.Max(Min.TotalMilliseconds / 2, ceiling * share));
    }
}
