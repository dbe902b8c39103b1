namespace VotingApp.ServiceDefaults;

/// <summary>Settings bound from <c>Aspire:Npgsql</c> (and <c>…:&lt;name&gt;</c>).</summary>
public sealed class NpgsqlClientSettings
{
    /// <summary>Npgsql connection string, e.g. <c>Host=localhost;Port=5432;Username=postgres;Password=…;Database=votesdb</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leave the <c>PostgreSql</c> health check out.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>How long the health check's <c>SELECT 1</c> may take.</summary>
    public double HealthCheckTimeoutSeconds { get; set; } = 3;
}
