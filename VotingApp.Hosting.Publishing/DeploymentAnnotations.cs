namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The network tier a resource lives in. Publishers make one compose network per tier (a tier with no external
/// endpoint is <c>internal: true</c>: no route out) and label Kubernetes objects with it (<c>app.kubernetes.io/component</c>).
/// A resource joins its own tier and the tiers of what it references. Without it a resource is in tier <c>default</c>.
/// </summary>
public sealed class NetworkTierAnnotation(string tier) : IResourceAnnotation
{
    /// <summary>Tier name, e.g. <see cref="NetworkTiers.Frontend"/>.</summary>
    public string Tier { get; } = tier;
}

/// <summary>Well-known tier names.</summary>
public static class NetworkTiers
{
    /// <summary>Reachable from outside (the pages a browser opens).</summary>
    public const string Frontend = "frontend";

    /// <summary>Internal only (workers, queues, databases).</summary>
    public const string Backend = "backend";
}

/// <summary>
/// CPU and memory a resource asks for and may use when published (Kubernetes requests/limits, compose limits and
/// reservations), in Kubernetes notation (<c>100m</c>, <c>0.5</c>; <c>128Mi</c>, <c>1Gi</c>). Run mode ignores it.
/// Without it: 100m–500m / 128Mi–256Mi for projects and Redis, 250m–1 / 256Mi–512Mi for PostgreSQL. The production
/// values of the chart double them.
/// </summary>
public sealed class ComputeResourcesAnnotation(string cpuRequest, string cpuLimit, string memoryRequest, string memoryLimit) : IResourceAnnotation
{
    public string CpuRequest { get; } = cpuRequest;

    public string CpuLimit { get; } = cpuLimit;

    public string MemoryRequest { get; } = memoryRequest;

    /// <summary>The process is killed above it.</summary>
    public string MemoryLimit { get; } = memoryLimit;
}

/// <summary>
/// Horizontal autoscaling bounds of a published project (a Kubernetes HorizontalPodAutoscaler on CPU utilisation;
/// on in the chart's production values, off in development). Without it: 2 to 10 replicas at 70 % CPU. The namespace
/// quota is sized for every project at its maximum plus one rolling-update surge pod.
/// </summary>
public sealed class AutoscalingAnnotation(int minReplicas, int maxReplicas, int targetCpuUtilizationPercentage) : IResourceAnnotation
{
    public const int DefaultMinReplicas = 2;
    public const int DefaultMaxReplicas = 10;
    public const int DefaultTargetCpuUtilizationPercentage = 70;

    public int MinReplicas { get; } = minReplicas;

    public int MaxReplicas { get; } = maxReplicas;

    public int TargetCpuUtilizationPercentage { get; } = targetCpuUtilizationPercentage;
}

/// <summary>
/// How many replicas of a published project a voluntary disruption (node drain, upgrade) may take down at once
/// (a Kubernetes PodDisruptionBudget). Without it: 1.
/// </summary>
public sealed class DisruptionBudgetAnnotation(int maxUnavailable) : IResourceAnnotation
{
    public const int DefaultMaxUnavailable = 1;

    public int MaxUnavailable { get; } = maxUnavailable;
}
