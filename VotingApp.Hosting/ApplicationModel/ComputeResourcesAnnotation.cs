namespace VotingApp.Hosting.ApplicationModel;

/// <summary>
/// CPU and memory a resource asks for and may use when published (Kubernetes requests/limits, compose limits).
/// Quantities use Kubernetes notation (<c>100m</c>, <c>0.5</c>; <c>128Mi</c>, <c>1Gi</c>). Run mode ignores it.
/// </summary>
public sealed class ComputeResourcesAnnotation(string cpuRequest, string cpuLimit, string memoryRequest, string memoryLimit) : IResourceAnnotation
{
    /// <summary>CPU the scheduler reserves, e.g. <c>100m</c>.</summary>
    public string CpuRequest { get; } = cpuRequest;

    /// <summary>CPU ceiling, e.g. <c>500m</c>.</summary>
    public string CpuLimit { get; } = cpuLimit;

    /// <summary>Memory the scheduler reserves, e.g. <c>128Mi</c>.</summary>
    public string MemoryRequest { get; } = memoryRequest;

    /// <summary>Memory ceiling (the process is killed above it), e.g. <c>256Mi</c>.</summary>
    public string MemoryLimit { get; } = memoryLimit;
}
