namespace VotingApp.Worker;

/// <summary>
/// The pause between polls of an empty queue: 1 ms after the first empty poll, doubling up to a ceiling, back to none
/// as soon as a vote arrives. A vote is picked up within a few milliseconds while an idle worker polls only
/// about a hundred times a second. Pure: no I/O.
/// </summary>
internal static class IdlePolling
{
    /// <summary>The pause after one more empty poll, given the previous pause (0 when the last poll found votes).</summary>
    public static int NextDelayMilliseconds(int previousMilliseconds, int maxMilliseconds)
    {
        var max = Math.Max(1, maxMilliseconds);
        return previousMilliseconds <= 0 ? 1 : Math.Min(max, previousMilliseconds * 2);
    }
}
