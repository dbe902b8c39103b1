using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using VotingApp.Queue;

namespace VotingApp.Worker;

/// <summary>
/// Reads the queue's depths from Redis once a second, off the metrics path: a scrape never waits for Redis. While Redis
/// does not answer, the gauges report nothing rather than a stale number.
/// </summary>
internal sealed class QueueDepthSampler(VoteQueue queue, QueueDepthSampler.Depths depths, IOptions<WorkerOptions> options, TimeProvider timeProvider)
    : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workerId = options.Value.ResolveId();
        using var timer = new PeriodicTimer(s_interval, timeProvider);
        try
        {
            do
            {
                try
                {
                    var queued = queue.LengthAsync();
                    var processing = queue.ProcessingLengthAsync(workerId);
                    var dead = queue.DeadLetterLengthAsync();
                    await Task.WhenAll(queued, processing, dead).WaitAsync(s_timeout, stoppingToken).ConfigureAwait(false);
                    depths.Set(new Sample(queued.Result, processing.Result, dead.Result), timeProvider.GetTimestamp());
                }
                catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
                {
                    // Redis is down: the loop reports that; the gauges go quiet (see Depths.Observe)
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <summary>One reading of the three lists' lengths.</summary>
    internal sealed record Sample(long Queue, long Processing, long DeadLetter);

    /// <summary>The latest sample, shared with the gauges.</summary>
    internal sealed class Depths(TimeProvider timeProvider)
    {
        private static readonly TimeSpan s_maxAge = TimeSpan.FromSeconds(5);
        private Sample? _latest;
        private long _takenAt;

        public void Set(Sample sample, long timestamp)
        {
            Volatile.Write(ref _takenAt, timestamp);
            Volatile.Write(ref _latest, sample);
        }

        /// <summary>The gauge's measurement, or none when the last sample is older than a few seconds.</summary>
        public IEnumerable<Measurement<long>> Observe(Func<Sample, long> select)
        {
            var latest = Volatile.Read(ref _latest);
            if (latest is null || timeProvider.GetElapsedTime(Volatile.Read(ref _takenAt)) > s_maxAge)
            {
                return [];
            }
            return [new Measurement<long>(select(latest))];
        }
    }
}
