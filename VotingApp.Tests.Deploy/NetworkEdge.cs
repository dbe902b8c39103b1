namespace VotingApp.Tests.Publishing;

/// <summary>
/// A connection NetworkPolicies allow: from / to a workload name, <c>namespace:&lt;name&gt;</c>, <c>cidr:&lt;block&gt;</c> or
/// <c>*</c> (anywhere); <see cref="Port"/> null means every port.
/// </summary>
internal sealed record NetworkEdge(string From, string To, int? Port, string Protocol = "TCP")
{
    public override string ToString() => $"{From} -> {To}:{(Port is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "*")}/{Protocol}";
}
