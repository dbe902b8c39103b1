using System.Text;
using VotingApp.Queue;

namespace VotingApp.Tests.Unit;

/// <summary>The queue's wire format: what the original app writes is read, anything broken has a reason.</summary>
public sealed class VoteMessageCodecTests
{
    [Fact]
    public void Round_trips_every_field()
    {
        var message = new VoteMessage("abc123", "b", 1_700_000_000_123, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        var json = Encoding.UTF8.GetString(VoteMessageCodec.Encode(message));
        Assert.Equal("{\"voter_id\":\"abc123\",\"vote\":\"b\",\"ts\":1700000000123,\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}", json);
        Assert.True(VoteMessageCodec.TryDecode(json, 0, out var decoded, out var reason), reason);
        Assert.Equal(message, decoded);
    }

    [Fact]
    public void Reads_the_original_apps_messages_and_stamps_them_with_the_fallback_time()
    {
        Assert.True(VoteMessageCodec.TryDecode("{\"voter_id\": \"6b1e4f0c2a9d3e1\", \"vote\": \"a\"}", 42, out var message, out _));
        Assert.Equal(new VoteMessage("6b1e4f0c2a9d3e1", "a", 42), message);
    }

    [Fact]
    public void Ignores_fields_it_does_not_know() =>
        Assert.True(VoteMessageCodec.TryDecode("{\"voter_id\":\"x\",\"extra\":{\"nested\":[1,2]},\"vote\":\"a\"}", 1, out _, out _));

    [Theory]
    [InlineData("not json", "invalid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"vote\":\"a\"}", "missing field 'voter_id'")]
    [InlineData("{\"voter_id\":\"x\"}", "missing field 'vote'")]
    [InlineData("{\"voter_id\":\"x\",\"vote\":\"c\"}", "unknown option 'c'")]
    [InlineData("{\"voter_id\":\"x\",\"vote\":\"A\"}", "unknown option 'A'")]
    [InlineData("{\"voter_id\":\"\",\"vote\":\"a\"}", "voter_id is empty")]
    [InlineData("{\"voter_id\":\"a b\",\"vote\":\"a\"}", "voter_id may contain only")]
    [InlineData("{\"voter_id\":5,\"vote\":\"a\"}", "must be a string")]
    [InlineData("{\"voter_id\":\"x\",\"vote\":\"a\",\"ts\":-1}", "non-negative integer")]
    [InlineData("{\"voter_id\":\"x\",\"vote\":\"a\",\"ts\":\"soon\"}", "non-negative integer")]
    [InlineData("{\"voter_id\":\"x\",\"vote\":\"a\"} trailing", "JSON")]
    public void Rejects_with_a_reason(string json, string expected)
    {
        Assert.False(VoteMessageCodec.TryDecode(json, 0, out var message, out var reason));
        Assert.Null(message);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_over_long_voter_ids_and_truncates_long_options_in_the_reason()
    {
        Assert.False(VoteMessageCodec.TryDecode($"{{\"voter_id\":\"{new string('v', 65)}\",\"vote\":\"a\"}}", 0, out _, out var reason));
        Assert.Contains("longer than 64", reason, StringComparison.Ordinal);
        Assert.False(VoteMessageCodec.TryDecode($"{{\"voter_id\":\"x\",\"vote\":\"{new string('z', 1000)}\"}}", 0, out _, out reason));
        Assert.True(reason.Length < 100);
    }

    [Fact]
    public void New_voter_ids_are_valid_and_distinct()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => VoterIds.NewId()).ToHashSet();
        Assert.Equal(1000, ids.Count);
        Assert.All(ids, id => Assert.True(VoterIds.IsValid(id, out _)));
    }
}
