using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting;

/// <summary>Sizing hints for publishers (no effect when running locally).</summary>
public static class ComputeResourcesBuilderExtensions
{
    /// <summary>
    /// Sets the CPU and memory the published resource requests and is limited to, in Kubernetes notation
    /// (<c>100m</c>, <c>0.5</c>, <c>128Mi</c>, <c>1Gi</c>). Without it publishers use a default per kind of resource.
    /// </summary>
    public static IResourceBuilder<T> WithComputeResources<T>(this IResourceBuilder<T> builder,
        string cpuRequest, string cpuLimit, string memoryRequest, string memoryLimit) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(cpuRequest);
        ArgumentException.ThrowIfNullOrWhiteSpace(cpuLimit);
        ArgumentException.ThrowIfNullOrWhiteSpace(memoryRequest);
        ArgumentException.ThrowIfNullOrWhiteSpace(memoryLimit);
        return builder.WithAnnotation(new ComputeResourcesAnnotation(cpuRequest, cpuLimit, memoryRequest, memoryLimit));
    }
}
