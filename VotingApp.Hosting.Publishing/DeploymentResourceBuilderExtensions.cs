using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// What a deployment needs that Aspire's model does not say: network tiers, sizing, autoscaling and disruption
/// budgets. Publish-only hints: run mode ignores them. Read by <c>AddComposeDeployment</c> and <c>AddHelmChart</c>.
/// </summary>
public static class DeploymentResourceBuilderExtensions
{
    /// <summary>Puts the resource in a network tier (<see cref="NetworkTiers"/>): compose networks, Kubernetes labels.</summary>
    public static IResourceBuilder<T> WithNetworkTier<T>(this IResourceBuilder<T> builder, string tier) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(tier);
        return builder.WithAnnotation(new NetworkTierAnnotation(tier), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// Sets the CPU and memory the published resource requests and is limited to, in Kubernetes notation
    /// (<c>100m</c>, <c>0.5</c>, <c>128Mi</c>, <c>1Gi</c>).
    /// </summary>
    public static IResourceBuilder<T> WithComputeResources<T>(this IResourceBuilder<T> builder,
        string cpuRequest, string cpuLimit, string memoryRequest, string memoryLimit) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var quantity in new[] { cpuRequest, cpuLimit, memoryRequest, memoryLimit })
        {
            VotingApp.Hosting.Publishing.KubernetesQuantity.Parse(quantity);
        }
        return builder.WithAnnotation(new ComputeResourcesAnnotation(cpuRequest, cpuLimit, memoryRequest, memoryLimit), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Autoscaling bounds of a published project (HorizontalPodAutoscaler on CPU).</summary>
    public static IResourceBuilder<ProjectResource> WithAutoscaling(this IResourceBuilder<ProjectResource> builder,
        int minReplicas = AutoscalingAnnotation.DefaultMinReplicas,
        int maxReplicas = AutoscalingAnnotation.DefaultMaxReplicas,
        int targetCpuUtilizationPercentage = AutoscalingAnnotation.DefaultTargetCpuUtilizationPercentage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(minReplicas, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReplicas, minReplicas);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetCpuUtilizationPercentage, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetCpuUtilizationPercentage, 100);
        return builder.WithAnnotation(new AutoscalingAnnotation(minReplicas, maxReplicas, targetCpuUtilizationPercentage), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>How many replicas of a published project a voluntary disruption may take down at once (PodDisruptionBudget).</summary>
    public static IResourceBuilder<ProjectResource> WithDisruptionBudget(this IResourceBuilder<ProjectResource> builder, int maxUnavailable)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUnavailable, 1);
        return builder.WithAnnotation(new DisruptionBudgetAnnotation(maxUnavailable), ResourceAnnotationMutationBehavior.Replace);
    }
}
