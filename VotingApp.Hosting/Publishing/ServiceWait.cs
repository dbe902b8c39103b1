using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Publishing;

/// <summary>A start-order dependency (compose <c>depends_on</c>).</summary>
internal sealed record ServiceWait(string Service, WaitType Type);
