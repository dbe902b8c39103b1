using StackExchange.Redis;
using VotingApp.Queue;
using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Observability;

namespace VotingApp.Tests.Service;

/// <summary>The Redis client as the services register it (Aspire's AddRedisClient with Clients' settings).</summary>
public sealed class RedisClientTests
{
    [Fact]
    public async Task The_connection_is_made_when_the_host_starts_not_on_first_use()
    {
        await using var redis = await RedisServer.StartAsync("redis-server");
        await using var service = await InProcessService.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:cache"] = redis.ConnectionString },
            builder => builder.AddVoteQueue("cache"));

        // nothing in the service has asked for the multiplexer: only the start can have connected it
        using var observer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var clients = await observer.GetServer(observer.GetEndPoints()[0]).ClientListAsync();

        Assert.Contains(clients, c => c.Name == service.App.Environment.ApplicationName);
    }
}
