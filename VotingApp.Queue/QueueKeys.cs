namespace VotingApp.Queue;

/// <summary>Redis key names shared by every producer and consumer of votes.</summary>
public static class QueueKeys
{
    /// <summary>The list the original app pushes to and pops from (RPUSH / take from the left).</summary>
    public const string Votes = "votes";

    /// <summary>Messages that cannot be processed, wrapped with the reason (JSON objects).</summary>
    public const string DeadLetter = "votes:dead";

    /// <summary>Set of worker ids that may own a processing list.</summary>
    public const string Workers = "votes:workers";

    /// <summary>The in-flight batch of one worker.</summary>
    public static string Processing(string workerId) => $"votes:processing:{workerId}";

    /// <summary>Expiring key that says a worker is alive.</summary>
    public static string Heartbeat(string workerId) => $"votes:heartbeat:{workerId}";
}
