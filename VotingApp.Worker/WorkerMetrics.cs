using System.Diagnostics.Metrics;
using VotingApp.Queue;

namespace VotingApp.Worker;

/// <summary>
/// The worker's instruments (meter <see cref="MeterName"/>). Totals are observed from <see cref="WorkerStats"/> (no
/// cost in the loop); queue depths come from <see cref="QueueDepthSampler"/>'s last sample; the two histograms are
/// recorded once per batch and once per stored vote.
/// </summary>
internal sealed class WorkerMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "VotingApp.Worker";

    private static readonly int[] s_batchBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
    private static readonly double[] s_lagBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _lag;
    private readonly QueueDepthSampler.Depths _depths;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public WorkerMetrics(IMeterFactory meterFactory, WorkerStats stats, QueueDepthSampler.Depths depths)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _depths = depths;
        var meter = meterFactory.Create(MeterName);
        _batchSize = meter.CreateHistogram(
            "votingapp.worker.batch.size", "{message}", "Messages per batch taken from the queue.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = s_batchBuckets });
        _lag = meter.CreateHistogram(
            "votingapp.worker.processing.lag", "s", "Time from a vote being accepted to its commit in PostgreSQL.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_lagBuckets });
        meter.CreateObservableCounter("votingapp.worker.votes.stored", () => stats.VotesStored, "{vote}",
            "Rows inserted or changed in the votes table.");
        meter.CreateObservableCounter("votingapp.worker.messages.processed", () => stats.VotesTaken, "{message}",
            "Messages taken from the queue and acknowledged (stored or dead-lettered).");
        meter.CreateObservableCounter("votingapp.worker.batches", () => stats.Batches, "{batch}",
            "Batches committed and acknowledged.");
        meter.CreateObservableCounter("votingapp.worker.dead_letters", () => stats.DeadLettered, "{message}",
            "Messages this worker moved to the dead-letter list.");
        meter.CreateObservableCounter("votingapp.worker.votes.recovered", () => stats.Recovered, "{vote}",
            "In-flight votes put back on the queue (after a restart, or of dead workers).");
        meter.CreateObservableGauge("votingapp.queue.depth", () => _depths.Observe(d => d.Queue), "{vote}",
            $"Votes waiting in the Redis list '{QueueKeys.Votes}'.");
        meter.CreateObservableGauge("votingapp.queue.processing.depth", () => _depths.Observe(d => d.Processing), "{vote}",
            "Votes in this worker's processing list (taken, not yet acknowledged).");
        meter.CreateObservableGauge("votingapp.queue.dead_letter.depth", () => _depths.Observe(d => d.DeadLetter), "{message}",
            $"Messages parked in the Redis list '{QueueKeys.DeadLetter}'.");
    }

    /// <summary>Records one acknowledged batch: its size, and each stored vote's lag at <paramref name="nowMilliseconds"/>.</summary>
    public void RecordBatch(int taken, IReadOnlyList<VoteMessage> votes, long nowMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(votes);
        _batchSize.Record(taken);
        if (!_lag.Enabled)
        {
            return;
        }
        for (var i = 0; i < votes.Count; i++)
        {
            _lag.Record(Math.Max(0, nowMilliseconds - votes[i].Timestamp) / 1000.0);
        }
    }
}
