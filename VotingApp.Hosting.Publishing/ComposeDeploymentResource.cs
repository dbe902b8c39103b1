using VotingApp.Hosting.Publishing;

namespace Aspire.Hosting.ApplicationModel;

// Not IComputeEnvironmentResource: Aspire 13.6 binds each compute resource to exactly one compute environment (its
// validate-compute-environments step fails when there are two and a resource is bound to neither), while both of
// these publish every resource of the same model. They are publish-only resources with a pipeline step each.

/// <summary>
/// A docker compose deployment of the whole app model: <c>publish</c> writes <c>docker-compose.yaml</c> and
/// <c>.env.example</c> into <c>{output}/{name}</c>. One network per tier, healthchecks that work in chiseled images,
/// <c>depends_on</c> from <c>WaitFor</c>, non-root read-only containers without capabilities, CPU and memory limits;
/// secrets are <c>${NAME}</c> placeholders filled from <c>.env</c>, never values.
/// </summary>
public sealed class ComposeDeploymentResource : Resource, IDeploymentEnvironmentResource
{
    public ComposeDeploymentResource(string name, string applicationName) : base(name)
    {
        ApplicationName = applicationName;
        Annotations.Add(DeploymentPublisher.PublishStep(this, "docker compose file", Render, []));
    }

    /// <summary>The compose project name (<c>name:</c>).</summary>
    public string ApplicationName { get; }

    internal IReadOnlyDictionary<string, string> Render(DeploymentModel model) => ComposePublisher.Publish(model, PublishOptions.Default);
}

/// <summary>
/// A Helm chart of the whole app model: <c>publish</c> writes it into <c>{output}/{name}</c> with <c>values-dev.yaml</c>
/// and <c>values-prod.yaml</c>. Restricted Pod Security, NetworkPolicies that allow exactly the model's references,
/// probes (startup and liveness on <c>/alive</c>, readiness on the HTTP health check), HPAs, PodDisruptionBudgets, a
/// namespace quota sized from the model, Ingress for external endpoints; secrets only by name (an existing Secret).
/// </summary>
public sealed class HelmChartResource : Resource, IDeploymentEnvironmentResource
{
    public HelmChartResource(string name, string applicationName) : base(name)
    {
        ApplicationName = applicationName;
        Annotations.Add(DeploymentPublisher.PublishStep(this, "Helm chart", Render, [HelmChartPublisher.TemplatesFolder]));
    }

    /// <summary>The chart's name and default namespace.</summary>
    public string ApplicationName { get; }

    internal IReadOnlyDictionary<string, string> Render(DeploymentModel model) => HelmChartPublisher.Publish(model, PublishOptions.Default);
}
