using StackExchange.Redis;
using VotingApp.Queue;

namespace VotingApp.Worker;

/// <summary>Turns raw queue messages into the rows to store and the messages to dead-letter. Pure: no I/O.</summary>
internal static class BatchPlanner
{
    /// <summary>Longest reject reason kept (log line and dead letter).</summary>
    public const int MaxReasonLength = 200;

    /// <summary>
    /// Decodes every message (messages without <c>ts</c>, as the original app writes them, get <paramref name="now"/>),
    /// refuses the invalid ones with their reason, and keeps for each voter the vote with the highest timestamp; on a
    /// tie the one later in the queue wins, as it was cast later.
    /// </summary>
    public static BatchPlan Plan(IReadOnlyList<RedisValue> raw, long now)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var latest = new Dictionary<string, VoteMessage>(raw.Count, StringComparer.Ordinal);
        List<RejectedMessage>? rejects = null;
        var valid = 0;
        foreach (var value in raw)
        {
            if (value.IsNull)
            {
                (rejects ??= []).Add(new RejectedMessage(value, "empty message"));
                continue;
            }
            if (!VoteMessageCodec.TryDecode((byte[])value!, now, out var message, out var reason) || message is null)
            {
                (rejects ??= []).Add(new RejectedMessage(value, Shorten(reason)));
                continue;
            }
            valid++;
            if (!latest.TryGetValue(message.VoterId, out var kept) || message.Timestamp >= kept.Timestamp)
            {
                latest[message.VoterId] = message;
            }
        }
        var votes = new VoteMessage[latest.Count];
        latest.Values.CopyTo(votes, 0);
        Array.Sort(votes, static (x, y) => string.CompareOrdinal(x.VoterId, y.VoterId));
        return new BatchPlan(votes, (IReadOnlyList<RejectedMessage>?)rejects ?? [], valid);
    }

    /// <summary>Caps a reject reason (a parser message may quote part of the payload) at <see cref="MaxReasonLength"/> characters.</summary>
    public static string Shorten(string reason) =>
        reason.Length <= MaxReasonLength ? reason : string.Concat(reason.AsSpan(0, MaxReasonLength), "…");
}
