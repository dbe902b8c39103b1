using System.Diagnostics.Metrics;

namespace VotingApp.Vote;

/// <summary>
/// The vote service's instruments (meter <see cref="MeterName"/>): <c>votingapp.votes.accepted</c> by
/// <c>vote.option</c> and <c>votingapp.votes.rejected</c> by <c>error.type</c>. Recording is one
/// <see cref="Counter{T}.Add(T, KeyValuePair{string, object?})"/> with a pre-built tag: no allocation.
/// </summary>
internal sealed class VoteMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "VotingApp.Vote";

    /// <summary>Reason: the vote value is missing, empty, too long or not an option.</summary>
    public const string InvalidVote = "invalid_vote";

    /// <summary>Reason: the <c>voter_id</c> cookie is malformed.</summary>
    public const string InvalidVoterId = "invalid_voter_id";

    /// <summary>Reason: the body is not JSON, not an object, or too large.</summary>
    public const string InvalidBody = "invalid_body";

    /// <summary>Reason: the body is of a media type the endpoint does not take.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>Reason: Redis is unreachable, slow, or its circuit is open (answered 503).</summary>
    public const string QueueUnavailable = "queue_unavailable";

    private static readonly KeyValuePair<string, object?> s_optionA = new("vote.option", VoteValues.A);
    private static readonly KeyValuePair<string, object?> s_optionB = new("vote.option", VoteValues.B);
    private static readonly KeyValuePair<string, object?> s_invalidVote = new("error.type", InvalidVote);
    private static readonly KeyValuePair<string, object?> s_invalidVoterId = new("error.type", InvalidVoterId);
    private static readonly KeyValuePair<string, object?> s_invalidBody = new("error.type", InvalidBody);
    private static readonly KeyValuePair<string, object?> s_unsupportedMediaType = new("error.type", UnsupportedMediaType);
    private static readonly KeyValuePair<string, object?> s_queueUnavailable = new("error.type", QueueUnavailable);

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public VoteMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("votingapp.votes.accepted", "{vote}", "Votes handed to the queue, by option.");
        _rejected = meter.CreateCounter<long>("votingapp.votes.rejected", "{vote}", "Votes refused at the door, by reason (error.type).");
    }

    /// <summary>Counts a vote the queue holds.</summary>
    public void Accepted(string vote) => _accepted.Add(1, vote == VoteValues.A ? s_optionA : s_optionB);

    /// <summary>Counts a refused vote; <paramref name="reason"/> is one of this class's constants.</summary>
    public void Rejected(string reason) => _rejected.Add(1, reason switch
    {
        InvalidVote => s_invalidVote,
        InvalidVoterId => s_invalidVoterId,
        InvalidBody => s_invalidBody,
        UnsupportedMediaType => s_unsupportedMediaType,
        _ => s_queueUnavailable,
    });
}
