namespace VotingApp.Worker;

/// <summary>What to do with one batch taken from the queue.</summary>
/// <param name="LatestPerVoter">
/// One vote per voter, the most recent by timestamp (ties: the later in queue order), sorted by voter id (ordinal)
/// so that concurrent workers lock rows in the same order.
/// </param>
/// <param name="Rejects">Messages to dead-letter, in queue order.</param>
/// <param name="ValidCount">How many messages of the batch were valid votes (before keeping one per voter).</param>
internal sealed record BatchPlan(IReadOnlyList<VotingApp.Queue.VoteMessage> LatestPerVoter, IReadOnlyList<RejectedMessage> Rejects, int ValidCount)
{
    /// <summary>The smallest timestamp among the kept votes, or null when there are none (for the lag statistic).</summary>
    public long? OldestTimestamp
    {
        get
        {
            long? oldest = null;
            foreach (var vote in LatestPerVoter)
            {
                if (oldest is null || vote.Timestamp < oldest)
                {
                    oldest = vote.Timestamp;
                }
            }
            return oldest;
        }
    }
}
