using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Publishing;

/// <summary>One service (a container in compose, a workload in Kubernetes).</summary>
internal sealed record DeployedService
{
    public required string Name { get; init; }

    public required ServiceKind Kind { get; init; }

    /// <summary>Image, pinned.</summary>
    public required ContainerImageAnnotation Image { get; init; }

    /// <summary>Assembly name of a project (its entry point in the image is <c>/app/&lt;name&gt;</c>).</summary>
    public string? AssemblyName { get; init; }

    /// <summary>The tier the service lives in.</summary>
    public required string Tier { get; init; }

    /// <summary>Its tier plus the tiers of what it references, sorted.</summary>
    public required IReadOnlyList<string> Networks { get; init; }

    /// <summary>Port the process listens on inside the container (null: no endpoint).</summary>
    public int? ContainerPort { get; init; }

    /// <summary>Port published on the host for external endpoints.</summary>
    public int? HostPort { get; init; }

    /// <summary>Whether the endpoint is exposed outside the application (compose <c>ports:</c>, Ingress).</summary>
    public bool IsExternal { get; init; }

    /// <summary>URI scheme of the endpoint.</summary>
    public string Scheme { get; init; } = "http";

    /// <summary>Readiness path (<c>/health</c>) when the model has an HTTP health check.</summary>
    public string? HealthPath { get; init; }

    /// <summary>Services this one waits for, and how.</summary>
    public required IReadOnlyList<ServiceWait> Waits { get; init; }

    /// <summary>Connections this service opens (from the model's references).</summary>
    public required IReadOnlyList<ServiceEdge> Edges { get; init; }

    /// <summary>Environment, by name (ordinal order).</summary>
    public required IReadOnlyList<KeyValuePair<string, EnvValue>> Environment { get; init; }

    /// <summary>Starts only when asked (compose profile, Kubernetes Job behind a switch).</summary>
    public bool ExplicitStart { get; init; }

    /// <summary>Replicas in the model.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Requests and limits.</summary>
    public required ComputeResourcesAnnotation Compute { get; init; }

    /// <summary>uid:gid the container runs as (non-root).</summary>
    public required (int User, int Group) RunAs { get; init; }

    /// <summary>Secret parameter with the server's password (Redis, PostgreSQL).</summary>
    public string? PasswordParameter { get; init; }

    /// <summary>PostgreSQL superuser name.</summary>
    public string? UserName { get; init; }

    /// <summary>PostgreSQL database created at first start.</summary>
    public string? DatabaseName { get; init; }

    /// <summary>Keeps data in a volume (Redis, PostgreSQL).</summary>
    public bool IsStateful => Kind is ServiceKind.Redis or ServiceKind.Postgres;
}
