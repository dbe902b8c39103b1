using StackExchange.Redis;
using VotingApp.Queue;
using VotingApp.Tests.Infrastructure;

namespace VotingApp.Tests.Service;

/// <summary>
/// The worker's take (one Lua script: LRANGE + LTRIM + RPUSH), acknowledgement (LTRIM) and recovery against real
/// servers, with the client settings the services use (StackExchange.Redis 2.13, fail-fast backlog). No blocking pops:
/// Garnet hands the next item to a disconnected BLPOP client and loses it.
/// </summary>
public sealed class VoteQueueServerTests
{
    public static TheoryData<string> Servers => RedisServer.Kinds();

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_batch_is_taken_in_order_into_the_processing_list_and_leaves_only_when_acknowledged(string server)
    {
        await using var redis = await RedisServer.StartAsync(server);
        using var connection = await ConnectAsync(redis);
        var queue = new VoteQueue(connection);
        var messages = Enumerable.Range(0, 5).Select(i => new VoteMessage($"voter-{i}", i % 2 == 0 ? "a" : "b", 1000 + i)).ToList();
        await queue.EnqueueAsync(messages);

        var taken = await queue.TakeAsync("w1", 3);

        Assert.Equal(["voter-0", "voter-1", "voter-2"], taken.Select(Decode));
        Assert.Equal(2, await queue.LengthAsync());
        Assert.Equal(3, (await queue.PeekProcessingAsync("w1")).Length);

        await queue.AckAsync("w1", taken.Length);

        Assert.Equal(0, await queue.ProcessingLengthAsync("w1"));
        Assert.Equal(["voter-3", "voter-4"], (await queue.TakeAsync("w1", 10)).Select(Decode));
        Assert.Empty(await queue.TakeAsync("w2", 10));
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_dead_workers_batch_goes_back_to_the_head_of_the_queue_in_order(string server)
    {
        await using var redis = await RedisServer.StartAsync(server);
        using var connection = await ConnectAsync(redis);
        var queue = new VoteQueue(connection);
        await queue.EnqueueAsync([new VoteMessage("v1", "a", 1), new VoteMessage("v2", "b", 2), new VoteMessage("v3", "a", 3)]);
        await queue.HeartbeatAsync("dead", TimeSpan.FromMinutes(1));
        await queue.TakeAsync("dead", 2);

        Assert.Equal(-1, await queue.RecoverAsync("dead", force: false));
        // the heartbeat expires
        await connection.GetDatabase().KeyDeleteAsync(QueueKeys.Heartbeat("dead"));
        var moved = await queue.RecoverDeadWorkersAsync("alive");

        Assert.Equal(2, moved);
        Assert.Equal(["v1", "v2", "v3"], (await queue.TakeAsync("alive", 10)).Select(Decode));
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(RedisServer redis)
    {
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        Clients.ConfigureRedisOptions(options);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static string Decode(RedisValue value)
    {
        Assert.True(VoteMessageCodec.TryDecode((byte[])value!, 0, out var message, out var reason), reason);
        return message!.VoterId;
    }
}
