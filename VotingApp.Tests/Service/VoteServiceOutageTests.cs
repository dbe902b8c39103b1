using System.Net;
using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Observability;
using VotingApp.Vote;

namespace VotingApp.Tests.Service;

/// <summary>
/// The vote service in this process against a real redis-server that is killed and started again: the service starts
/// connected, refuses votes with a readable 503 while the queue is down, keeps answering /health, and takes votes again
/// once the server is back, with no restart of its own.
/// </summary>
public sealed class VoteServiceOutageTests
{
    private static readonly FormUrlEncodedContent s_voteA = new([new("vote", "a")]);

    [Fact]
    public async Task During_a_queue_outage_votes_get_503_with_a_message_and_after_it_they_are_taken_again()
    {
        await using var redis = await RedisServer.StartAsync("redis-server");
        await using var service = await InProcessService.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:cache"] = redis.ConnectionString },
            builder => builder.AddVoteServices(),
            app => app.MapVoteEndpoints());

        using (var first = await service.Client.PostAsync(new Uri("/", UriKind.Relative), s_voteA))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await redis.KillAsync();
        using (var refused = await PostUntilAsync(service.Client, status => status != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("the vote queue is unavailable", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var health = await service.Client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }

        await redis.StartAsync();
        using (var accepted = await PostUntilAsync(service.Client, status => status == HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.True(await connection.GetDatabase().ListLengthAsync(VotingApp.Queue.QueueKeys.Votes) >= 1, "the vote answered 200 is not on the queue");
    }

    /// <summary>Votes until the answer's status matches, for at most 20 s; returns the last answer.</summary>
    private static async Task<HttpResponseMessage> PostUntilAsync(HttpClient client, Func<HttpStatusCode, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await client.PostAsync(new Uri("/", UriKind.Relative), s_voteA);
            if (done(response.StatusCode) || DateTime.UtcNow > deadline)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(50);
        }
    }
}
