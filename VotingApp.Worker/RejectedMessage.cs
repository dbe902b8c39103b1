using StackExchange.Redis;

namespace VotingApp.Worker;

/// <summary>A queue message that can never be stored, with the reason it was refused.</summary>
/// <param name="Raw">The message exactly as it was taken from the queue.</param>
/// <param name="Reason">Why it was refused (human-readable, short, never the whole payload).</param>
internal sealed record RejectedMessage(RedisValue Raw, string Reason)
{
    /// <summary>Size of the raw message in bytes (what the log shows instead of the payload).</summary>
    public long Length => Raw.IsNull ? 0 : ((byte[])Raw!).LongLength;
}
