using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VotingApp.Queue;
using Polly;

namespace VotingApp.Worker;

/// <summary>
/// The processing loop: takes batches from the queue into this worker's processing list, stores each voter's latest
/// vote in PostgreSQL, and only after the commit removes the batch from the processing list. Nothing is ever removed
/// from Redis before PostgreSQL has it, so a crash at any point leaves the batch to be recovered and stored again
/// (the upsert is idempotent and never lets an older vote overwrite a newer one).
/// </summary>
/// <remarks>
/// Invariant: before each take the processing list is empty, because an acknowledgement trims "the first N items".
/// Whenever that is in doubt (start-up, a take whose answer was lost, an unexpected error), the list is put back at
/// the head of the queue first.
/// </remarks>
internal sealed class VoteWorker(
    VoteQueue queue,
    VoteStore store,
    WorkerStats stats,
    WorkerMetrics metrics,
    [FromKeyedServices(DependencyResilience.PostgreSql)] ResiliencePipeline postgresResilience,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<VoteWorker> logger) : BackgroundService
{
    private static readonly TimeSpan s_redisCallTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_putBackTimeout = TimeSpan.FromSeconds(2);

    private readonly WorkerOptions _options = options.Value;
    private readonly string _workerId = options.Value.ResolveId();
    private readonly DependencyOutage _redis = new("Redis", logger, timeProvider);
    private readonly DependencyOutage _postgres = new("PostgreSQL", logger, timeProvider);

    // true while the processing list may hold votes that are not acknowledged
    private bool _processingListInDoubt = true;
    private int _unacknowledged;

    /// <summary>This worker's id in Redis.</summary>
    public string WorkerId => _workerId;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        stats.MarkIteration();
        Log.Starting(logger, _workerId, _options.BatchSize, _options.HeartbeatTtlSeconds);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = Task.CompletedTask;
        try
        {
            await RetryAsync(_postgres, "prepare the upsert", store.EnsureReadyAsync, stoppingToken).ConfigureAwait(false);
            await EmptyProcessingListAsync(stoppingToken).ConfigureAwait(false);
            var loop = new HeartbeatLoop(
                queue,
                _workerId,
                TimeSpan.FromSeconds(_options.HeartbeatIntervalSeconds),
                TimeSpan.FromSeconds(_options.HeartbeatTtlSeconds),
                TimeSpan.FromSeconds(_options.RecoveryIntervalSeconds),
                _redis,
                stats,
                timeProvider,
                logger);
            heartbeat = loop.RunAsync(heartbeatStop.Token);
            await RunLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            var unacknowledged = _unacknowledged;
            await PutBackAsync().ConfigureAwait(false);
            Log.Stopping(logger, _workerId, unacknowledged, stats.VotesStored, stats.Batches);
        }
    }

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        var idleDelay = 0;
        var takeFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            stats.MarkIteration();
            try
            {
                if (_processingListInDoubt)
                {
                    await EmptyProcessingListAsync(stoppingToken).ConfigureAwait(false);
                }
                RedisValue[] batch;
                _processingListInDoubt = true;
                var takeStarted = timeProvider.GetUtcNow();
                try
                {
                    batch = await queue.TakeAsync(_workerId, _options.BatchSize)
                        .WaitAsync(s_redisCallTimeout, stoppingToken).ConfigureAwait(false);
                    _redis.ReportSuccess();
                    takeFailures = 0;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    _redis.ReportFailure("take", ex);
                    await Task.Delay(Backoff.Delay(takeFailures++, Random.Shared.NextDouble()), timeProvider, stoppingToken)
                        .ConfigureAwait(false);
                    continue;
                }
                if (batch.Length == 0)
                {
                    _processingListInDoubt = false;
                    idleDelay = IdlePolling.NextDelayMilliseconds(idleDelay, _options.MaxIdleDelayMilliseconds);
                    await Task.Delay(TimeSpan.FromMilliseconds(idleDelay), timeProvider, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                idleDelay = 0;
                _unacknowledged = batch.Length;
                await ProcessAsync(batch, takeStarted, stoppingToken).ConfigureAwait(false);
                _unacknowledged = 0;
                _processingListInDoubt = false;
                if (batch.Length < _options.SmallBatch && _options.BatchWindowMilliseconds > 0)
                {
                    // a trickle: let a few more votes arrive so that the next batch is worth a transaction
                    await Task.Delay(TimeSpan.FromMilliseconds(_options.BatchWindowMilliseconds), timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.LoopFailed(logger, ex);
                _processingListInDoubt = true;
                await Task.Delay(Backoff.Max, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Stores, dead-letters and acknowledges one batch, retrying each step until it succeeds. Once shutdown begins the
    /// batch has <see cref="WorkerOptions.ShutdownGraceSeconds"/> more to finish; after that it is abandoned unacknowledged.
    /// </summary>
    private async Task ProcessAsync(RedisValue[] batch, DateTimeOffset takeStarted, CancellationToken stoppingToken)
    {
        var takeEnded = timeProvider.GetUtcNow();
        using var grace = new CancellationTokenSource();
        var graceTime = TimeSpan.FromSeconds(_options.ShutdownGraceSeconds);
        await using var registration = stoppingToken.Register(() => grace.CancelAfter(graceTime)).ConfigureAwait(false);
        var token = grace.Token;
        var started = Stopwatch.GetTimestamp();

        var plan = BatchPlanner.Plan(batch, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        using var activity = WorkerTelemetry.StartBatch(plan, batch.Length, takeStarted);
        queue.TraceTake(batch.Length, takeStarted, takeEnded);
        var stored = await RetryAsync(
            _postgres,
            "store batch",
            ct => postgresResilience.ExecuteAsync(
                static async (state, c) => await state.store.StoreAsync(state.LatestPerVoter, c).ConfigureAwait(false),
                (store, plan.LatestPerVoter),
                ct).AsTask(),
            token).ConfigureAwait(false);

        if (plan.Rejects.Count > 0)
        {
            await RetryAsync(_redis, "dead-letter", ct => DeadLetterAsync(plan.Rejects, ct), token).ConfigureAwait(false);
            foreach (var reject in plan.Rejects)
            {
                Log.DeadLettered(logger, reject.Length, reject.Reason);
            }
            stats.AddDeadLettered(plan.Rejects.Count);
        }

        await RetryAsync(
            _redis,
            "acknowledge",
            ct => queue.AckAsync(_workerId, batch.Length).WaitAsync(s_redisCallTimeout, ct),
            token).ConfigureAwait(false);

        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        stats.RecordBatch(batch.Length, stored, plan.OldestTimestamp is { } oldest ? now - oldest : 0);
        metrics.RecordBatch(batch.Length, plan.LatestPerVoter, now);
        activity?.SetTag("votingapp.votes.stored", stored);
        Log.BatchDone(
            logger,
            batch.Length,
            plan.ValidCount,
            plan.LatestPerVoter.Count,
            stored,
            plan.Rejects.Count,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private Task DeadLetterAsync(IReadOnlyList<RejectedMessage> rejects, CancellationToken cancellationToken)
    {
        var pushes = new Task[rejects.Count];
        for (var i = 0; i < pushes.Length; i++)
        {
            pushes[i] = queue.DeadLetterAsync(rejects[i].Raw, rejects[i].Reason, _workerId);
        }
        return Task.WhenAll(pushes).WaitAsync(s_redisCallTimeout, cancellationToken);
    }

    /// <summary>Puts whatever this worker's processing list holds back at the head of the queue, then renews the heartbeat.</summary>
    private async Task EmptyProcessingListAsync(CancellationToken cancellationToken)
    {
        var moved = await RetryAsync(
            _redis,
            "recover own batch",
            ct => queue.RecoverAsync(_workerId, force: true).WaitAsync(s_redisCallTimeout, ct),
            cancellationToken).ConfigureAwait(false);
        if (moved > 0)
        {
            stats.AddRecovered(moved);
            Log.RecoveredOwn(logger, moved, _workerId);
        }
        // RecoverAsync dropped this worker from the set of workers: be visible again before taking anything
        await RetryAsync(
            _redis,
            "heartbeat",
            ct => queue.HeartbeatAsync(_workerId, TimeSpan.FromSeconds(_options.HeartbeatTtlSeconds)).WaitAsync(s_redisCallTimeout, ct),
            cancellationToken).ConfigureAwait(false);
        _unacknowledged = 0;
        _processingListInDoubt = false;
    }

    /// <summary>On the way out: an unacknowledged batch goes back to the queue now rather than after the heartbeat expires.</summary>
    private async Task PutBackAsync()
    {
        if (!_processingListInDoubt)
        {
            return;
        }
        try
        {
            var moved = await queue.RecoverAsync(_workerId, force: true).WaitAsync(s_putBackTimeout).ConfigureAwait(false);
            if (moved > 0)
            {
                stats.AddRecovered(moved);
                Log.RecoveredOwn(logger, moved, _workerId);
            }
            _processingListInDoubt = false;
            _unacknowledged = 0;
        }
        catch (Exception ex)
        {
            Log.PutBackFailed(logger, ErrorText.Describe(ex));
        }
    }

    private async Task RetryAsync(
        DependencyOutage dependency,
        string operation,
        Func<CancellationToken, Task> action,
        CancellationToken cancellationToken) =>
        await RetryAsync(
            dependency,
            operation,
            async ct =>
            {
                await action(ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs <paramref name="action"/> until it succeeds, pausing with <see cref="Backoff"/> between attempts; the outage is
    /// logged once. Only cancellation ends it early.
    /// </summary>
    private async Task<T> RetryAsync<T>(
        DependencyOutage dependency,
        string operation,
        Func<CancellationToken, Task<T>> action,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stats.MarkIteration();
            try
            {
                var result = await action(cancellationToken).ConfigureAwait(false);
                dependency.ReportSuccess();
                return result;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                dependency.ReportFailure(operation, ex);
            }
            await Task.Delay(Backoff.Delay(attempt, Random.Shared.NextDouble()), timeProvider, cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
