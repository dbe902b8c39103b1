namespace VotingApp.Hosting.ApplicationModel;

/// <summary>Adds environment variables when the resource starts (or is published).</summary>
public sealed class EnvironmentCallbackAnnotation(Func<EnvironmentCallbackContext, Task> callback) : IResourceAnnotation
{
    /// <summary>The callback.</summary>
    public Func<EnvironmentCallbackContext, Task> Callback { get; } = callback;
}

/// <summary>What an environment callback fills in.</summary>
public sealed class EnvironmentCallbackContext(DistributedApplicationExecutionContext executionContext, IResource resource)
{
    /// <summary>Run or publish.</summary>
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    /// <summary>The resource being configured.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>Variables: plain strings or deferred <see cref="IValueProvider"/>s.</summary>
    public Dictionary<string, object> EnvironmentVariables { get; } = new(StringComparer.Ordinal);
}

/// <summary>Adds command-line arguments.</summary>
public sealed class CommandLineArgsAnnotation(IReadOnlyList<object> args) : IResourceAnnotation
{
    /// <summary>Strings or <see cref="IValueProvider"/>s.</summary>
    public IReadOnlyList<object> Args { get; } = args;
}

/// <summary>How a wait ends.</summary>
public enum WaitType
{
    /// <summary>Running and healthy (<c>WaitFor</c>).</summary>
    WaitUntilHealthy,

    /// <summary>Running (<c>WaitForStart</c>).</summary>
    WaitUntilStarted,

    /// <summary>Exited with the expected code (<c>WaitForCompletion</c>).</summary>
    WaitForCompletion,
}

/// <summary>This resource starts only after <see cref="Resource"/> reaches the wait's goal.</summary>
public sealed class WaitAnnotation(IResource resource, WaitType waitType, int exitCode = 0) : IResourceAnnotation
{
    /// <summary>What to wait for.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>Until when.</summary>
    public WaitType WaitType { get; } = waitType;

    /// <summary>Expected exit code for <see cref="WaitType.WaitForCompletion"/>.</summary>
    public int ExitCode { get; } = exitCode;
}

/// <summary>A relationship shown by tools and used by publishers (<c>Reference</c>, <c>Parent</c>).</summary>
public sealed class ResourceRelationshipAnnotation(IResource resource, string type) : IResourceAnnotation
{
    /// <summary>The other resource.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>Kind of relationship.</summary>
    public string Type { get; } = type;
}

/// <summary>Number of processes to run for a project.</summary>
public sealed class ReplicaAnnotation(int replicas) : IResourceAnnotation
{
    /// <summary>How many.</summary>
    public int Replicas { get; } = replicas;
}

/// <summary>The network tier a resource lives in; publishers turn tiers into networks and NetworkPolicies.</summary>
public sealed class NetworkTierAnnotation(string tier) : IResourceAnnotation
{
    /// <summary>Tier name, e.g. <see cref="NetworkTiers.Frontend"/>.</summary>
    public string Tier { get; } = tier;
}

/// <summary>Well-known tier names.</summary>
public static class NetworkTiers
{
    /// <summary>Reachable from outside (vote, result).</summary>
    public const string Frontend = "frontend";

    /// <summary>Internal only (worker, queue, database).</summary>
    public const string Backend = "backend";
}

/// <summary>The resource starts only when asked (a command or a test), not with the application.</summary>
public sealed class ExplicitStartAnnotation : IResourceAnnotation;

/// <summary>Keeps a server's data between runs in <see cref="Source"/>.</summary>
public sealed class DataDirectoryAnnotation(string source, bool isVolume) : IResourceAnnotation
{
    /// <summary>Host folder (bind mount) or volume name.</summary>
    public string Source { get; } = source;

    /// <summary>True for a named volume (kept under the AppHost's state folder), false for a host folder.</summary>
    public bool IsVolume { get; } = isVolume;
}

/// <summary>Turns on durable persistence (Redis/Garnet append-only file).</summary>
public sealed class PersistenceAnnotation : IResourceAnnotation;

/// <summary>An HTTP health check the AppHost runs against the resource (gates <c>WaitFor</c>).</summary>
public sealed class HttpHealthCheckAnnotation(string path, int statusCode, string endpointName) : IResourceAnnotation
{
    /// <summary>Request path.</summary>
    public string Path { get; } = path;

    /// <summary>Status code that means healthy.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>Endpoint to call.</summary>
    public string EndpointName { get; } = endpointName;
}

/// <summary>The container image a resource is published as.</summary>
public sealed class ContainerImageAnnotation(string registry, string image, string tag) : IResourceAnnotation
{
    /// <summary>Registry, e.g. <c>docker.io</c>.</summary>
    public string Registry { get; set; } = registry;

    /// <summary>Repository, e.g. <c>library/redis</c>.</summary>
    public string Image { get; set; } = image;

    /// <summary>Tag, e.g. <c>7.4</c>.</summary>
    public string Tag { get; set; } = tag;

    /// <summary>registry/image:tag.</summary>
    public string FullName => string.IsNullOrEmpty(Registry) ? $"{Image}:{Tag}" : $"{Registry}/{Image}:{Tag}";
}
