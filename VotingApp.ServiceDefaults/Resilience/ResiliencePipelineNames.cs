namespace VotingApp.ServiceDefaults;

/// <summary>Keys of the <see cref="DependencyResilience"/> singletons (keyed services), named like the health checks.</summary>
public static class ResiliencePipelineNames
{
    /// <summary>Redis calls (registered by <c>AddRedisClient</c>); settings from <c>Resilience:Redis</c>.</summary>
    public const string Redis = "StackExchange.Redis";

    /// <summary>PostgreSQL calls (registered by <c>AddNpgsqlDataSource</c>); settings from <c>Resilience:PostgreSql</c>.</summary>
    public const string PostgreSql = "PostgreSql";

    /// <summary>Every HttpClient from the factory (<c>ConfigureHttpClientDefaults</c>); settings from <c>Resilience:Http</c>.</summary>
    public const string Http = "Http";
}
