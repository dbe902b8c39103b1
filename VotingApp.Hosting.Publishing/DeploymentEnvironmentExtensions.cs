using Aspire.Hosting.ApplicationModel;
using VotingApp.Hosting.Publishing;

namespace Aspire.Hosting;

/// <summary>
/// Adds the deployment environments. They exist only when publishing (<c>aspire publish</c>, <c>--operation
/// publish</c>): in run mode they are not added to the model, so the dashboard never shows them and nothing waits on them.
/// </summary>
public static class DeploymentEnvironmentExtensions
{
    /// <summary>A docker compose file for the app model, written to <c>{output}/{name}</c> by <c>publish</c>.</summary>
    public static IResourceBuilder<ComposeDeploymentResource> AddComposeDeployment(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Add(builder, new ComposeDeploymentResource(name, DeploymentPublisher.ApplicationName(builder.Environment.ApplicationName)));
    }

    /// <summary>A Helm chart for the app model, written to <c>{output}/{name}</c> by <c>publish</c>.</summary>
    public static IResourceBuilder<HelmChartResource> AddHelmChart(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Add(builder, new HelmChartResource(name, DeploymentPublisher.ApplicationName(builder.Environment.ApplicationName)));
    }

    private static IResourceBuilder<T> Add<T>(IDistributedApplicationBuilder builder, T resource) where T : IResource =>
        builder.ExecutionContext.IsRunMode
            ? builder.CreateResourceBuilder(resource)
            : builder.AddResource(resource).ExcludeFromManifest();
}
