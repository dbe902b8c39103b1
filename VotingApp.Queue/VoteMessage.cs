namespace VotingApp.Queue;

/// <summary>
/// One vote as it travels through the queue. Wire form (a superset of the original app's):
/// <c>{"voter_id":"…","vote":"a","ts":1700000000000,"traceparent":"00-…"}</c>.
/// </summary>
/// <param name="VoterId">The voter's id (cookie <c>voter_id</c>).</param>
/// <param name="Vote">The option id, <c>a</c> or <c>b</c>.</param>
/// <param name="Timestamp">Unix time in milliseconds when the vote was accepted; orders one voter's changes.</param>
/// <param name="TraceParent">W3C trace context of the request that accepted the vote, if any.</param>
public sealed record VoteMessage(string VoterId, string Vote, long Timestamp, string? TraceParent = null)
{
    /// <summary>Longest voter id accepted anywhere (the database column is VARCHAR(255)).</summary>
    public const int MaxVoterIdLength = 64;
}
