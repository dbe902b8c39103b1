namespace VotingApp.Worker;

/// <summary>
/// Counters of the processing loop, safe to read from any thread (health checks, a later metrics exporter).
/// Written only by the worker.
/// </summary>
internal sealed class WorkerStats(TimeProvider timeProvider)
{
    private long _votesTaken;
    private long _votesStored;
    private long _batches;
    private long _deadLettered;
    private long _recovered;
    private long _lastBatchSize;
    private long _lastLagMilliseconds;
    private long _lastIterationTimestamp = timeProvider.GetTimestamp();

    /// <summary>Messages taken from the queue and committed (valid or dead-lettered), counted after acknowledgement.</summary>
    public long VotesTaken => Interlocked.Read(ref _votesTaken);

    /// <summary>Rows inserted or changed in <c>votes</c> (a stale or repeated vote changes nothing).</summary>
    public long VotesStored => Interlocked.Read(ref _votesStored);

    /// <summary>Batches committed and acknowledged.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Messages moved to the dead-letter list.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>In-flight votes put back on the queue (this worker's after a restart, or dead workers').</summary>
    public long Recovered => Interlocked.Read(ref _recovered);

    /// <summary>Messages in the last acknowledged batch.</summary>
    public long LastBatchSize => Interlocked.Read(ref _lastBatchSize);

    /// <summary>Milliseconds from the oldest vote of the last batch being cast to its commit.</summary>
    public long LastLagMilliseconds => Interlocked.Read(ref _lastLagMilliseconds);

    /// <summary>How long ago the processing loop last made progress (an iteration or a retry).</summary>
    public TimeSpan SinceLastIteration => timeProvider.GetElapsedTime(Interlocked.Read(ref _lastIterationTimestamp));

    internal void MarkIteration() => Interlocked.Exchange(ref _lastIterationTimestamp, timeProvider.GetTimestamp());

    internal void AddDeadLettered(int count) => Interlocked.Add(ref _deadLettered, count);

    internal void AddRecovered(int count) => Interlocked.Add(ref _recovered, count);

    internal void RecordBatch(int taken, long stored, long lagMilliseconds)
    {
        Interlocked.Add(ref _votesTaken, taken);
        Interlocked.Add(ref _votesStored, stored);
        Interlocked.Increment(ref _batches);
        Interlocked.Exchange(ref _lastBatchSize, taken);
        Interlocked.Exchange(ref _lastLagMilliseconds, Math.Max(0, lagMilliseconds));
    }
}
