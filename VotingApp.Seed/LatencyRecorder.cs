using System.Diagnostics;

namespace VotingApp.Seed;

/// <summary>Collects latencies (thread-safe, preallocated) and reports percentiles.</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;

    public int Count => Math.Min(Volatile.Read(ref _count), _ticks.Length);

    public void Record(long elapsedTicks)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _ticks.Length)
        {
            _ticks[index] = elapsedTicks;
        }
    }

    /// <summary>p50, p90, p99 and max in milliseconds (nearest-rank).</summary>
    public LatencySummary Summarize() => Summarize(_ticks.AsSpan(0, Count));

    internal static LatencySummary Summarize(ReadOnlySpan<long> ticks)
    {
        if (ticks.IsEmpty)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }
        var sorted = ticks.ToArray();
        Array.Sort(sorted);
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        double Rank(double p) => Ms(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)]);
        return new LatencySummary(sorted.Length, Rank(0.50), Rank(0.90), Rank(0.99), Ms(sorted[^1]));
    }
}

/// <summary>Percentiles in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max);
