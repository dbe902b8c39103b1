using Aspire.Hosting.Testing;
using VotingApp.Hosting.Publishing;

namespace VotingApp.Tests.Publishing;

/// <summary>
/// The VotingApp.AppHost model as <c>publish</c> sees it: its entry point run up to <c>Build()</c> by
/// <see cref="DistributedApplicationTestingBuilder"/> with <c>--operation publish</c>, read by the publishers' reader.
/// </summary>
internal static class AppHostModel
{
    /// <summary>The model, and the files the two deployment environments render from it (folder → relative path → content).</summary>
    public static Task<(DeploymentModel Model, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Files)> PublishAsync(params string[] extraArgs) =>
        PublishAsync(configure: null, extraArgs);

    /// <summary>The same, with the model changed by <paramref name="configure"/> first (resources added, waits changed).</summary>
    public static async Task<(DeploymentModel Model, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Files)> PublishAsync(
        Action<IDistributedApplicationTestingBuilder>? configure, params string[] extraArgs)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.VotingApp_AppHost>(
            ["--operation", "publish", "--step", "publish", .. extraArgs]);
        configure?.Invoke(builder);
        var model = await DeploymentPublisher.ReadAsync(builder.Resources, builder.ExecutionContext, CancellationToken.None);
        var files = new SortedDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var compose in builder.Resources.OfType<ComposeDeploymentResource>())
        {
            files[compose.Name] = compose.Render(model);
        }
        foreach (var chart in builder.Resources.OfType<HelmChartResource>())
        {
            files[chart.Name] = chart.Render(model);
        }
        return (model, files);
    }

    /// <summary>The resources of the model in run mode.</summary>
    public static async Task<IReadOnlyList<IResource>> RunModeResourcesAsync()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.VotingApp_AppHost>([]);
        return [.. builder.Resources];
    }
}
