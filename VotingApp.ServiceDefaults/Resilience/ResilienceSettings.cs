namespace VotingApp.ServiceDefaults;

/// <summary>
/// Retry, circuit-breaker and timeout settings of one dependency, bound from <c>Resilience:&lt;name&gt;</c>
/// (<c>Resilience:Redis</c>, <c>Resilience:PostgreSql</c>, <c>Resilience:Http</c>).
/// </summary>
public sealed class ResilienceSettings
{
    /// <summary>Retries after the first attempt (0 turns retrying off).</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First retry delay; it doubles per retry, with jitter.</summary>
    public double BaseDelayMilliseconds { get; set; } = 50;

    /// <summary>Longest retry delay.</summary>
    public double MaxDelayMilliseconds { get; set; } = 1000;

    /// <summary>How long one attempt may take before it is abandoned (and counted as a failure).</summary>
    public double AttemptTimeoutMilliseconds { get; set; } = 2000;

    /// <summary>Share of failed attempts within <see cref="SamplingDurationSeconds"/> that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within <see cref="SamplingDurationSeconds"/> before the circuit may open.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window the failure ratio is measured over.</summary>
    public double SamplingDurationSeconds { get; set; } = 10;

    /// <summary>How long an open circuit refuses calls before it lets one through to probe.</summary>
    public double BreakDurationSeconds { get; set; } = 5;
}
