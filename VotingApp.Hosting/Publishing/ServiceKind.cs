namespace VotingApp.Hosting.Publishing;

/// <summary>What a service is, for publishers.</summary>
internal enum ServiceKind
{
    /// <summary>A .NET project built into an image with the SDK's container support.</summary>
    Project,

    /// <summary>Redis (official image).</summary>
    Redis,

    /// <summary>PostgreSQL (official image).</summary>
    Postgres,
}
