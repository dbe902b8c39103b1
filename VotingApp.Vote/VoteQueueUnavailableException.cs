namespace VotingApp.Vote;

/// <summary>The vote could not be handed to Redis (not connected, timed out, failed, or shutting down).</summary>
public sealed class VoteQueueUnavailableException : Exception
{
    /// <summary>Creates the exception with the default message.</summary>
    public VoteQueueUnavailableException()
        : base("The vote queue is unavailable.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public VoteQueueUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public VoteQueueUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
