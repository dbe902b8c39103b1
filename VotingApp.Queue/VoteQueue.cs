using System.Text.Json;
using StackExchange.Redis;

namespace VotingApp.Queue;

/// <summary>
/// The only class that speaks Redis for votes: list commands, one Lua script per take or recovery
/// (<c>ScriptEvaluateAsync</c>), string and set commands, which redis-server and Garnet (with <c>--lua true</c>) both run.
/// Never issues blocking pops: Garnet hands the next item to a disconnected BLPOP client and loses it.
/// </summary>
/// <remarks>
/// Delivery is at-least-once: a worker moves a batch atomically from <see cref="QueueKeys.Votes"/> to its own
/// processing list, commits it to the database, then trims it away. A processing list of a worker whose heartbeat
/// expired is moved back to the head of the queue, in order, by whichever worker notices first.
/// </remarks>
public sealed class VoteQueue(IConnectionMultiplexer redis)
{
    // LRANGE + LTRIM + RPUSH in one atomic script: a batch is either still queued or in the processing list.
    private const string TakeScript = """
        local unpack = unpack or table.unpack
        local n = tonumber(ARGV[1])
        local items = redis.call('LRANGE', KEYS[1], 0, n - 1)
        local count = #items
        if count == 0 then return items end
        redis.call('LTRIM', KEYS[1], count, -1)
        local i = 1
        while i <= count do
          local j = math.min(i + 499, count)
          redis.call('RPUSH', KEYS[2], unpack(items, i, j))
          i = j + 1
        end
        return items
        """;

    // Puts a processing list back at the head of the queue in its original order, unless its owner is alive.
    private const string RecoverScript = """
        if ARGV[1] == '0' and redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
        local items = redis.call('LRANGE', KEYS[2], 0, -1)
        for i = #items, 1, -1 do
          redis.call('LPUSH', KEYS[1], items[i])
        end
        redis.call('DEL', KEYS[2])
        return #items
        """;

    private static readonly RedisKey s_votes = QueueKeys.Votes;
    private static readonly RedisKey s_deadLetter = QueueKeys.DeadLetter;
    private static readonly RedisKey s_workers = QueueKeys.Workers;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Appends one vote (<c>RPUSH votes json</c>); completes once Redis has it.</summary>
    public Task<long> EnqueueAsync(VoteMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var activity = QueueTelemetry.Source.HasListeners() ? StartProduce([message]) : null;
        var task = Db.ListRightPushAsync(s_votes, VoteMessageCodec.Encode(message));
        return activity is null ? task : QueueTelemetry.TrackAsync(task, activity);
    }

    /// <summary>Appends many votes with one <c>RPUSH</c>; completes once Redis has all of them.</summary>
    public Task<long> EnqueueAsync(IReadOnlyList<VoteMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var values = new RedisValue[messages.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = VoteMessageCodec.Encode(messages[i]);
        }
        var activity = StartProduce(messages);
        var task = Db.ListRightPushAsync(s_votes, values);
        return activity is null ? task : QueueTelemetry.TrackAsync(task, activity);
    }

    /// <summary>Appends raw values as they are (tools and tests that need malformed messages).</summary>
    public Task<long> EnqueueRawAsync(params RedisValue[] values) => Db.ListRightPushAsync(s_votes, values);

    /// <summary>Moves up to <paramref name="max"/> votes from the head of the queue into the worker's processing list.</summary>
    public async Task<RedisValue[]> TakeAsync(string workerId, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var result = await Db.ScriptEvaluateAsync(
            TakeScript,
            [s_votes, QueueKeys.Processing(workerId)],
            [max]).ConfigureAwait(false);
        return result.IsNull ? [] : (RedisValue[])result!;
    }

    /// <summary>
    /// Records a take that returned <paramref name="count"/> votes as a finished span of the current trace (the batch it
    /// started): polls that found nothing never appear in a trace.
    /// </summary>
    public void TraceTake(int count, DateTimeOffset started, DateTimeOffset ended) =>
        QueueTelemetry.RecordCompleted(redis, "EVAL", QueueKeys.Votes, started, ended, count);

    /// <summary>What a worker holds in flight (after a restart: the batch it was processing when it died).</summary>
    public async Task<RedisValue[]> PeekProcessingAsync(string workerId) =>
        await Db.ListRangeAsync(QueueKeys.Processing(workerId)).ConfigureAwait(false);

    /// <summary>Drops the first <paramref name="count"/> items of the worker's processing list: they are committed.</summary>
    public Task AckAsync(string workerId, int count)
    {
        var key = QueueKeys.Processing(workerId);
        var activity = QueueTelemetry.StartRedis(redis, "LTRIM", key, requireParent: true);
        var task = Db.ListTrimAsync(key, count, -1);
        return activity is null ? task : QueueTelemetry.TrackAsync(task, activity);
    }

    /// <summary>
    /// Parks a message that can never be stored in <see cref="QueueKeys.DeadLetter"/> with the reason: its exact bytes
    /// (base64) and, for reading, its text. A null <paramref name="raw"/> is stored as an empty message.
    /// </summary>
    public Task<long> DeadLetterAsync(RedisValue raw, string reason, string workerId)
    {
        // The bytes, not the string: RedisValue's string conversion replaces bytes that are not UTF-8 with U+FFFD, and
        // the message that could not be decoded is exactly the one someone needs to see as sent.
        var bytes = raw.IsNull ? [] : (byte[])raw!;
        var json = JsonSerializer.SerializeToUtf8Bytes(
            new DeadLetter(System.Text.Encoding.UTF8.GetString(bytes), bytes, reason, workerId, DateTimeOffset.UtcNow),
            QueueJsonContext.Default.DeadLetter);
        var activity = QueueTelemetry.StartRedis(redis, "RPUSH", QueueKeys.DeadLetter, requireParent: true);
        var task = Db.ListRightPushAsync(s_deadLetter, json);
        return activity is null ? task : QueueTelemetry.TrackAsync(task, activity);
    }

    /// <summary>Says this worker is alive for <paramref name="ttl"/>.</summary>
    public async Task HeartbeatAsync(string workerId, TimeSpan ttl)
    {
        var db = Db;
        await Task.WhenAll(
            db.StringSetAsync(QueueKeys.Heartbeat(workerId), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ttl),
            db.SetAddAsync(s_workers, workerId)).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts <paramref name="workerId"/>'s processing list back at the head of the queue. Unless
    /// <paramref name="force"/>, it does so only when that worker's heartbeat has expired. Returns the number of
    /// votes moved back, or -1 when the owner is alive.
    /// </summary>
    public async Task<int> RecoverAsync(string workerId, bool force)
    {
        var moved = (int)await Db.ScriptEvaluateAsync(
            RecoverScript,
            [s_votes, QueueKeys.Processing(workerId), QueueKeys.Heartbeat(workerId)],
            [force ? "1" : "0"]).ConfigureAwait(false);
        if (moved >= 0)
        {
            await Db.SetRemoveAsync(s_workers, workerId).ConfigureAwait(false);
        }
        return moved;
    }

    /// <summary>Recovers every other worker whose heartbeat expired. Returns the number of votes put back.</summary>
    public async Task<int> RecoverDeadWorkersAsync(string selfId)
    {
        var total = 0;
        foreach (var member in await Db.SetMembersAsync(s_workers).ConfigureAwait(false))
        {
            var id = (string?)member;
            if (id is null || id == selfId)
            {
                continue;
            }
            var moved = await RecoverAsync(id, force: false).ConfigureAwait(false);
            if (moved > 0)
            {
                total += moved;
            }
        }
        return total;
    }

    /// <summary>Votes waiting in the queue.</summary>
    public Task<long> LengthAsync() => Db.ListLengthAsync(s_votes);

    /// <summary>Votes in flight in one worker's processing list.</summary>
    public Task<long> ProcessingLengthAsync(string workerId) => Db.ListLengthAsync(QueueKeys.Processing(workerId));

    /// <summary>Messages parked in the dead-letter list.</summary>
    public Task<long> DeadLetterLengthAsync() => Db.ListLengthAsync(s_deadLetter);

    /// <summary>Reads the dead-letter list (oldest first).</summary>
    public async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(long max = 100)
    {
        var values = await Db.ListRangeAsync(s_deadLetter, 0, max - 1).ConfigureAwait(false);
        var list = new List<DeadLetter>(values.Length);
        foreach (var value in values)
        {
            if (JsonSerializer.Deserialize((byte[])value!, QueueJsonContext.Default.DeadLetter) is { } letter)
            {
                list.Add(letter);
            }
        }
        return list;
    }

    private System.Diagnostics.Activity? StartProduce(IReadOnlyList<VoteMessage> messages)
    {
        if (!QueueTelemetry.Source.HasListeners())
        {
            return null;
        }
        var (parent, links) = QueueTelemetry.ContextsOf(messages);
        var activity = QueueTelemetry.StartRedis(
            redis, "RPUSH", QueueKeys.Votes, requireParent: false, System.Diagnostics.ActivityKind.Producer, parent, links);
        activity?.SetTag("messaging.batch.message_count", messages.Count);
        return activity;
    }

    /// <summary>Answers a round trip to Redis (health checks).</summary>
    public Task<TimeSpan> PingAsync() => Db.PingAsync();
}
