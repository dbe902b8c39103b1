namespace VotingApp.Hosting.ApplicationModel;

/// <summary>A network endpoint of a resource.</summary>
/// <remarks>
/// <see cref="Port"/> is the port callers use (fixed, or chosen at start when null); <see cref="TargetPort"/> is where
/// the process listens. They differ only for proxied endpoints (replicas behind the AppHost's TCP proxy).
/// </remarks>
public sealed class EndpointAnnotation(string name, string uriScheme, int? port, int? targetPort, bool isProxied = true) : IResourceAnnotation
{
    /// <summary>Endpoint name (<c>http</c>, <c>tcp</c>, …).</summary>
    public string Name { get; } = name;

    /// <summary>URI scheme (<c>http</c>, <c>https</c>, <c>tcp</c>, <c>redis</c>).</summary>
    public string UriScheme { get; set; } = uriScheme;

    /// <summary>The port callers use; null means "pick a free one at start".</summary>
    public int? Port { get; set; } = port;

    /// <summary>The port the process listens on in a container or cluster (publish); locally it follows <see cref="Port"/>.</summary>
    public int? TargetPort { get; set; } = targetPort;

    /// <summary>Whether the endpoint is reached through the AppHost's proxy (needed for replicas).</summary>
    public bool IsProxied { get; set; } = isProxied;

    /// <summary>Whether publishers expose the endpoint outside the application (compose <c>ports:</c>, Ingress).</summary>
    public bool IsExternal { get; set; }

    /// <summary>Transport, always <c>tcp</c> here.</summary>
    public string Transport { get; set; } = "tcp";

    /// <summary>Set by the orchestrator once the port is known.</summary>
    public AllocatedEndpoint? AllocatedEndpoint { get; set; }
}

/// <summary>Where an endpoint was allocated at run time.</summary>
public sealed record AllocatedEndpoint(string Host, int Port, string UriScheme)
{
    /// <summary>The endpoint's URL, e.g. <c>http://localhost:8080</c>.</summary>
    public string UriString => $"{UriScheme}://{Host}:{Port}";
}
