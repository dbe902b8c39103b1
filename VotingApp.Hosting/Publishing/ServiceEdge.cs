namespace VotingApp.Hosting.Publishing;

/// <summary>A connection from one service to another's port; NetworkPolicies allow exactly these.</summary>
internal sealed record ServiceEdge(string Target, int Port);
