using System.Threading.Channels;
using Polly;
using StackExchange.Redis;
using VotingApp.Queue;

namespace VotingApp.Vote;

/// <summary>
/// Hands votes to Redis. Votes that arrive while earlier ones are on their way are coalesced into one multi-value
/// <c>RPUSH votes</c> (up to <see cref="MaxBatchSize"/> per command, <see cref="MaxBatchesInFlight"/> command in flight),
/// which keeps both this service and Redis cheap per vote under load and adds no delay when idle.
/// </summary>
/// <remarks>
/// A caller is released only once Redis has acknowledged the command that carries its vote, or with
/// <see cref="VoteQueueUnavailableException"/> within the configured timeout (<c>Vote:EnqueueTimeoutMilliseconds</c>,
/// default 2000). A vote whose caller gave up before its batch was sent is dropped rather than pushed late.
/// </remarks>
internal sealed class VoteSubmitter : BackgroundService
{
    /// <summary>Most votes carried by one <c>RPUSH</c>.</summary>
    public const int MaxBatchSize = 256;

    /// <summary>
    /// Most <c>RPUSH</c> commands awaiting Redis' answer at once. One: while it is out, arriving votes gather into the next,
    /// so a durable queue (an AOF write or fsync per command) pays that cost per batch. Measured against 2 and 4 in
    /// flight (docs/benchmarks.md): more votes per second with Garnet and with redis-server, and no worse p99.
    /// </summary>
    public const int MaxBatchesInFlight = 1;

    private static readonly TimeSpan s_logInterval = TimeSpan.FromSeconds(10);

    private readonly Channel<PendingVote> _pending = Channel.CreateUnbounded<PendingVote>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private readonly SemaphoreSlim _slots = new(MaxBatchesInFlight, MaxBatchesInFlight);
    private readonly VoteQueue _queue;
    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<VoteSubmitter> _logger;
    private readonly ResiliencePipeline _resilience;
    private long _lastFailureLoggedAt;

    /// <summary>Creates the submitter (the multiplexer is connected at start: Clients.ConfigureRedisSettings).</summary>
    public VoteSubmitter(
        VoteQueue queue,
        IConnectionMultiplexer redis,
        IConfiguration configuration,
        ILogger<VoteSubmitter> logger,
        [FromKeyedServices(DependencyResilience.Redis)] ResiliencePipeline resilience)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _queue = queue;
        _resilience = resilience;
        _redis = redis;
        _logger = logger;
        Timeout = TimeSpan.FromMilliseconds(Math.Clamp(configuration.GetValue("Vote:EnqueueTimeoutMilliseconds", 2000), 50, 30_000));
    }

    /// <summary>Longest time a caller waits for Redis to acknowledge its vote.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Whether the multiplexer currently has a connection to Redis.</summary>
    public bool IsConnected => _redis.IsConnected;

    /// <summary>Completes once Redis holds <paramref name="message"/>.</summary>
    /// <exception cref="VoteQueueUnavailableException">Redis is not connected, failed, or did not answer in time.</exception>
    public async Task SubmitAsync(VoteMessage message)
    {
        if (!_redis.IsConnected)
        {
            throw new VoteQueueUnavailableException("Not connected to Redis.");
        }
        var pending = new PendingVote(message);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new VoteQueueUnavailableException("The vote service is shutting down.");
        }
        try
        {
            await pending.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException ex)
        {
            // if the batch has not been sent yet, this keeps the vote out of it
            pending.TrySetCanceled();
            throw new VoteQueueUnavailableException($"Redis did not confirm the vote within {Timeout.TotalMilliseconds:0} ms.", ex);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _pending.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                // wait for a free slot first: while all slots are busy, arriving votes gather into the next batch
                await _slots.WaitAsync(stoppingToken);
                var batch = new List<PendingVote>(16);
                while (batch.Count < MaxBatchSize && reader.TryRead(out var pending))
                {
                    if (!pending.Task.IsCompleted)
                    {
                        batch.Add(pending);
                    }
                }
                if (batch.Count == 0)
                {
                    _slots.Release();
                    continue;
                }
                _ = SendAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            _pending.Writer.TryComplete();
            var shuttingDown = new VoteQueueUnavailableException("The vote service is shutting down.");
            while (reader.TryRead(out var pending))
            {
                pending.TrySetException(shuttingDown);
            }
        }
    }

    private async Task SendAsync(List<PendingVote> batch)
    {
        try
        {
            if (!_redis.IsConnected)
            {
                throw new VoteQueueUnavailableException("Not connected to Redis.");
            }
            var messages = new VoteMessage[batch.Count];
            for (var i = 0; i < messages.Length; i++)
            {
                messages[i] = batch[i].Message;
            }
            // retry (a repeated RPUSH is harmless: the worker keeps one vote per voter), breaker and attempt timeout
            using var deadline = new CancellationTokenSource(Timeout);
            await _resilience.ExecuteAsync(
                static async (state, ct) => await state.Queue.EnqueueAsync(state.Messages).WaitAsync(ct),
                (Queue: _queue, Messages: messages),
                deadline.Token).AsTask().WaitAsync(Timeout);
            foreach (var pending in batch)
            {
                pending.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            var failure = ex as VoteQueueUnavailableException
                ?? new VoteQueueUnavailableException("Redis did not accept the vote.", ex);
            foreach (var pending in batch)
            {
                pending.TrySetException(failure);
            }
            LogFailure(ex, batch.Count);
        }
        finally
        {
            _slots.Release();
        }
    }

    private void LogFailure(Exception ex, int count)
    {
        // at most one warning per interval: an outage must not turn into a log flood
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastFailureLoggedAt);
        if (now - last < s_logInterval.TotalMilliseconds || Interlocked.CompareExchange(ref _lastFailureLoggedAt, now, last) != last)
        {
            return;
        }
        _logger.LogWarning(ex, "Could not push {Count} vote(s) to Redis; the voters were answered 503.", count);
    }

    /// <summary>A vote waiting for its batch; completed when Redis acknowledged (or refused) that batch.</summary>
    private sealed class PendingVote(VoteMessage message) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public VoteMessage Message { get; } = message;
    }
}
