using System.Diagnostics;
using VotingApp.Queue;

namespace VotingApp.Worker;

/// <summary>
/// The batch span (<c>process votes</c>, kind Consumer, source <see cref="ActivitySourceName"/>): it continues the
/// vote's trace when the batch carries one request's votes, and links to each vote's request otherwise. Its own
/// context travels on in the <c>votes_changed</c> notification, so the result service's push joins the same trace.
/// </summary>
internal static class WorkerTelemetry
{
    /// <summary>The worker's activity source.</summary>
    public const string ActivitySourceName = "VotingApp.Worker";

    private static readonly ActivitySource s_source = new(ActivitySourceName);

    /// <summary>Starts the span of one batch (beginning when its take began), or returns null when nobody listens.</summary>
    public static Activity? StartBatch(BatchPlan plan, int taken, DateTimeOffset takeStarted)
    {
        if (!s_source.HasListeners())
        {
            return null;
        }
        var (parent, links) = QueueTelemetry.ContextsOf(plan.LatestPerVoter);
        var activity = s_source.StartActivity("process " + QueueKeys.Votes, ActivityKind.Consumer, parent, tags: null, links, takeStarted);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", QueueKeys.Votes);
            activity.SetTag("messaging.batch.message_count", taken);
            activity.SetTag("votingapp.votes.valid", plan.ValidCount);
            activity.SetTag("votingapp.votes.voters", plan.LatestPerVoter.Count);
            activity.SetTag("votingapp.votes.rejected", plan.Rejects.Count);
        }
        return activity;
    }
}
