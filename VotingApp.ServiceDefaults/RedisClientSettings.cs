namespace VotingApp.ServiceDefaults;

/// <summary>Settings bound from <c>Aspire:StackExchange:Redis</c> (and <c>…:&lt;name&gt;</c>).</summary>
public sealed class RedisClientSettings
{
    /// <summary>StackExchange.Redis configuration string, e.g. <c>localhost:6379,password=…</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leave the <c>StackExchange.Redis</c> health check out.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>How long a connection attempt may take.</summary>
    public int ConnectTimeoutMilliseconds { get; set; } = 5000;

    /// <summary>How long a command may wait for its answer before it fails (no command hangs).</summary>
    public int SyncTimeoutMilliseconds { get; set; } = 5000;

    /// <summary>How long the health check's PING may take.</summary>
    public double HealthCheckTimeoutSeconds { get; set; } = 3;
}
