using Microsoft.Extensions.Logging;
using VotingApp.Queue;

namespace VotingApp.Worker;

/// <summary>
/// Keeps this worker's heartbeat alive (so nobody takes its in-flight batch) and puts the in-flight batches of workers
/// whose heartbeat expired back at the head of the queue.
/// </summary>
internal sealed class HeartbeatLoop(
    VoteQueue queue,
    string workerId,
    TimeSpan interval,
    TimeSpan ttl,
    TimeSpan recoveryInterval,
    DependencyOutage redis,
    WorkerStats stats,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>Beats every <c>interval</c> and recovers dead workers every <c>recoveryInterval</c> until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lastRecovery = timeProvider.GetTimestamp();
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var delay = interval;
            try
            {
                await queue.HeartbeatAsync(workerId, ttl).ConfigureAwait(false);
                if (timeProvider.GetElapsedTime(lastRecovery) >= recoveryInterval)
                {
                    lastRecovery = timeProvider.GetTimestamp();
                    var recovered = await queue.RecoverDeadWorkersAsync(workerId).ConfigureAwait(false);
                    if (recovered > 0)
                    {
                        stats.AddRecovered(recovered);
                        Log.RecoveredDead(logger, recovered);
                    }
                }
                redis.ReportSuccess();
                failures = 0;
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                redis.ReportFailure("heartbeat", ex);
                delay = TimeSpan.FromTicks(Math.Min(interval.Ticks, Backoff.Delay(failures++, Random.Shared.NextDouble()).Ticks));
            }
            catch (Exception ex)
            {
                Log.HeartbeatFailed(logger, ex);
            }
            try
            {
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
