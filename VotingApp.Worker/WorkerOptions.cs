namespace VotingApp.Worker;

/// <summary>Settings bound from the <c>Worker</c> configuration section.</summary>
public sealed class WorkerOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Worker";

    /// <summary>
    /// This worker's id: names its processing list and heartbeat in Redis. Defaults to
    /// <c>&lt;MachineName&gt;-&lt;ProcessId&gt;</c>; a stable id lets a restarted worker take back its own in-flight batch at once.
    /// </summary>
    public string? Id { get; set; }

    /// <summary>
    /// Most votes taken from the queue and stored in one database transaction. A batch costs a fixed ~13 ms of round
    /// trips and commit besides its rows, so a backlog drains at ~47k votes/s with 1,000, ~79k with 2,500 and ~95k with
    /// 5,000 (docs/benchmarks.md); a trickle is taken as it comes, so the size does not delay single votes.
    /// </summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>Longest pause between polls of an empty queue (the pause starts at 1 ms and doubles up to this).</summary>
    public int MaxIdleDelayMilliseconds { get; set; } = 10;

    /// <summary>
    /// After a batch smaller than <see cref="SmallBatch"/>, wait this long before the next take so that a steady trickle
    /// of votes is stored in fewer, larger transactions (fewer round trips, commits and result pushes). Adds at most this
    /// much to a vote's time to the screen.
    /// </summary>
    public int BatchWindowMilliseconds { get; set; } = 3;

    /// <summary>Batches smaller than this are followed by <see cref="BatchWindowMilliseconds"/>.</summary>
    public int SmallBatch { get; set; } = 200;

    /// <summary>How often the heartbeat is renewed.</summary>
    public double HeartbeatIntervalSeconds { get; set; } = 1;

    /// <summary>How long a heartbeat lives: a worker silent for longer is considered dead and its batch is recovered.</summary>
    public double HeartbeatTtlSeconds { get; set; } = 5;

    /// <summary>How often processing lists of dead workers are looked for.</summary>
    public double RecoveryIntervalSeconds { get; set; } = 2;

    /// <summary>How long the processing loop may go without an iteration before <c>worker-loop</c> reports Unhealthy.</summary>
    public double StuckAfterSeconds { get; set; } = 30;

    /// <summary>How long a batch already being written may still take to commit once shutdown has begun.</summary>
    public double ShutdownGraceSeconds { get; set; } = 3;

    /// <summary>The id to use: <see cref="Id"/> when set, else <c>&lt;MachineName&gt;-&lt;ProcessId&gt;</c>.</summary>
    public string ResolveId() =>
        string.IsNullOrWhiteSpace(Id) ? $"{Environment.MachineName}-{Environment.ProcessId}" : Id.Trim();
}
