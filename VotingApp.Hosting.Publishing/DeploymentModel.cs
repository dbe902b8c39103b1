using Aspire.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Publishing;

/// <summary>The app model seen by publishers: services, their wiring, and the secrets they need (never their values).</summary>
internal sealed record DeploymentModel(string Name, IReadOnlyList<DeployedService> Services, IReadOnlyList<string> SecretParameters)
{
    /// <summary>The service called <paramref name="name"/>.</summary>
    public DeployedService this[string name] => Services.Single(s => s.Name == name);

    /// <summary>
    /// Workloads that connect to <paramref name="service"/> (its clients, from the model's references). A one-shot
    /// service has no pods of its own: its connections are made from the pods of the services that wait for it.
    /// </summary>
    public IEnumerable<DeployedService> ClientsOf(DeployedService service) =>
        Services.Where(s => !s.IsOneShot && PodEdges(s).Any(e => e.Target == service.Name));

    /// <summary>
    /// The one-shot services <paramref name="service"/> waits for to complete (<c>WaitForCompletion</c>), in name order:
    /// in the chart they run as its init containers, in compose it depends on their successful completion.
    /// </summary>
    public IReadOnlyList<DeployedService> CompletionsBefore(DeployedService service) =>
        [.. service.Waits.Where(w => w.Type == WaitType.WaitForCompletion).Select(w => this[w.Service])];

    /// <summary>The services that wait for <paramref name="service"/> to complete (those that run it first).</summary>
    public IReadOnlyList<DeployedService> WaitingFor(DeployedService service) =>
        [.. Services.Where(s => s.Waits.Any(w => w.Service == service.Name && w.Type == WaitType.WaitForCompletion))];

    /// <summary>
    /// What the pods of <paramref name="service"/> connect to: its own references and those of the one-shot services
    /// that run in them first (init containers share the pod's network identity and its NetworkPolicy).
    /// </summary>
    public IReadOnlyList<ServiceEdge> PodEdges(DeployedService service) =>
        [.. service.Edges.Concat(CompletionsBefore(service).SelectMany(c => c.Edges)).Distinct().OrderBy(e => e.Target, StringComparer.Ordinal).ThenBy(e => e.Port)];

    /// <summary>Environment name of a parameter: <c>cache-password</c> → <c>CACHE_PASSWORD</c>.</summary>
    public static string EnvironmentName(string name) => name.ToUpperInvariant().Replace('-', '_');
}

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

/// <summary>A container image: <c>[registry/]repository:tag</c>.</summary>
internal sealed record DeployedImage(string? Registry, string Repository, string Tag)
{
    public string FullName => Registry is { Length: > 0 } registry ? $"{registry}/{Repository}:{Tag}" : $"{Repository}:{Tag}";
}

/// <summary>A connection from one service to another's port; NetworkPolicies allow exactly these.</summary>
internal sealed record ServiceEdge(string Target, int Port);

/// <summary>A start-order dependency (compose <c>depends_on</c>).</summary>
internal sealed record ServiceWait(string Service, WaitType Type);

/// <summary>One piece of an environment value: literal text, or a secret parameter's value.</summary>
internal sealed record EnvSegment(string? Literal, string? SecretParameter);

/// <summary>An environment value made of literal text and secret placeholders; <see cref="BackingService"/> is the server it points at.</summary>
internal sealed record EnvValue(IReadOnlyList<EnvSegment> Segments, string? BackingService)
{
    /// <summary>Whether any part is secret.</summary>
    public bool HasSecret => Segments.Any(s => s.SecretParameter is not null);

    /// <summary>The value when it is exactly one secret parameter.</summary>
    public string? SoleSecret => Segments is [{ SecretParameter: { } name }] ? name : null;

    /// <summary>Renders with each literal escaped and each secret replaced.</summary>
    public string Render(Func<string, string> literal, Func<string, string> secret) =>
        string.Concat(Segments.Select(s => s.SecretParameter is { } name ? secret(name) : literal(s.Literal!)));

    /// <summary>A value with no secret.</summary>
    public static EnvValue Of(string literal) => new([new EnvSegment(literal, null)], null);
}

/// <summary>One service (a container in compose, a workload in Kubernetes).</summary>
internal sealed record DeployedService
{
    public required string Name { get; init; }

    public required ServiceKind Kind { get; init; }

    /// <summary>Image, pinned.</summary>
    public required DeployedImage Image { get; init; }

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

    /// <summary>Readiness path (<c>/health</c>: the service and what it depends on) when the model has an HTTP health check.</summary>
    public string? HealthPath { get; init; }

    /// <summary>Startup and liveness path (<c>/alive</c>: the process answers, whatever its dependencies do).</summary>
    public string AlivePath { get; init; } = "/alive";

    /// <summary>Services this one waits for, and how.</summary>
    public required IReadOnlyList<ServiceWait> Waits { get; init; }

    /// <summary>Connections this service opens (from the model's references).</summary>
    public required IReadOnlyList<ServiceEdge> Edges { get; init; }

    /// <summary>Environment, by name (ordinal order).</summary>
    public required IReadOnlyList<KeyValuePair<string, EnvValue>> Environment { get; init; }

    /// <summary>Starts only when asked (compose profile, Kubernetes Job behind a switch).</summary>
    public bool ExplicitStart { get; init; }

    /// <summary>
    /// Runs to completion before others start: some service waits for it to complete (<c>WaitForCompletion</c>), like
    /// the migrations. Compose runs it once (<c>restart: "no"</c>) and starts its dependents after it exits 0; the chart
    /// runs it as an init container of each dependent's pods, never as a workload of its own (a Deployment would restart
    /// it forever once it exits).
    /// </summary>
    public bool IsOneShot { get; init; }

    /// <summary>Replicas in the model.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Requests and limits.</summary>
    public required ComputeResourcesAnnotation Compute { get; init; }

    /// <summary>Autoscaling bounds (projects).</summary>
    public required AutoscalingAnnotation Autoscaling { get; init; }

    /// <summary>Disruption budget (projects).</summary>
    public required DisruptionBudgetAnnotation DisruptionBudget { get; init; }

    /// <summary>uid:gid the container runs as (non-root).</summary>
    public required (int User, int Group) RunAs { get; init; }

    /// <summary>Secret parameter with the server's password (Redis, PostgreSQL).</summary>
    public string? PasswordParameter { get; init; }

    /// <summary>Redis: append-only file, fsync on every write (<see cref="DurableAppendOnlyFileAnnotation"/>).</summary>
    public bool DurableAppendOnlyFile { get; init; }

    /// <summary>PostgreSQL superuser name.</summary>
    public string? UserName { get; init; }

    /// <summary>PostgreSQL database created at first start.</summary>
    public string? DatabaseName { get; init; }

    /// <summary>Keeps data in a volume (Redis, PostgreSQL).</summary>
    public bool IsStateful => Kind is ServiceKind.Redis or ServiceKind.Postgres;
}
