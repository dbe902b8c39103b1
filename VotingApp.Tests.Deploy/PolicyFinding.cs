namespace VotingApp.Tests.Publishing;

/// <summary>One violation a <see cref="ManifestPolicy"/> check found.</summary>
internal sealed record PolicyFinding(string Check, string Object, string Message)
{
    public override string ToString() => $"[{Check}] {Object}: {Message}";
}
