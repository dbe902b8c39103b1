using System.Net;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;
using VotingApp.Queue;
using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Observability;
using VotingApp.Worker;

namespace VotingApp.Tests.Service;

/// <summary>
/// The worker in this process against redis-server and PostgreSQL: a message it cannot store lands on
/// <see cref="QueueKeys.DeadLetter"/> with its reason and the exact bytes that were pushed — whether those bytes are
/// not UTF-8 at all (where the text field can only hold U+FFFD) or well-formed JSON of the wrong shape.
/// </summary>
public sealed class WorkerDeadLetterTests
{
    public static TheoryData<string, byte[]> Unstorable => new()
    {
        { "invalid UTF-8", [0xff, 0xfe] },
        { "invalid UTF-8 inside JSON", [.. "{\"voter_id\":\""u8, 0xc3, 0x28, .. "\",\"vote\":\"a\"}"u8] },
        { "valid JSON of the wrong shape", "{\"voter_id\":42,\"vote\":\"a\"}"u8.ToArray() },
        { "valid JSON, unknown option", "{\"voter_id\":\"v1\",\"vote\":\"zzz\"}"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(Unstorable))]
    public async Task A_dead_letter_keeps_the_exact_bytes_and_the_reason(string kind, byte[] pushed)
    {
        await using var redis = await RedisServer.StartAsync("redis-server");
        await using var postgres = await PostgresServer.StartAsync();
        await using var service = await InProcessService.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:cache"] = redis.ConnectionString,
                ["ConnectionStrings:votesdb"] = postgres.ConnectionString,
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:1",
            },
            builder => builder.AddWorkerServices());
        await Eventually.WaitUntilAsync(async () => (await service.Client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();

        await db.ListRightPushAsync(QueueKeys.Votes, pushed);
        await Eventually.WaitUntilAsync(async () => await db.ListLengthAsync(QueueKeys.DeadLetter) == 1);

        // the stored JSON itself, as an operator reading the list with redis-cli would see it
        var stored = (byte[])(await db.ListGetByIndexAsync(QueueKeys.DeadLetter, 0))!;
        using var letter = JsonDocument.Parse(stored);
        var root = letter.RootElement;
        Assert.True(root.TryGetProperty("message_base64", out var base64), $"{kind}: no message_base64 in {Encoding.UTF8.GetString(stored)}");
        Assert.Equal(pushed, Convert.FromBase64String(base64.GetString()!));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("reason").GetString()), kind);
        // the fields readers of the earlier format use are still there
        Assert.Equal(JsonValueKind.String, root.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("worker").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("at").ValueKind);

        var read = Assert.Single(await new VoteQueue(connection).ReadDeadLettersAsync());
        Assert.Equal(pushed, read.MessageBytes);
    }
}
