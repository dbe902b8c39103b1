using Aspire.Hosting;
#pragma warning disable ASPIREPIPELINES001 // pipeline steps and their reporting: [Experimental] in Aspire 13.6, the only publish extension point
#pragma warning disable ASPIREPIPELINES004 // IPipelineOutputService (the --output-path)

using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.DependencyInjection;

namespace VotingApp.Hosting.Publishing;

/// <summary>
/// What the compose and Helm environments share: read the model in publish mode, render, and write the files into
/// <c>{output}/{environment name}</c> from a pipeline step that <c>publish</c> requires.
/// </summary>
internal static class DeploymentPublisher
{
    /// <summary>Name of the application in the output (compose project, chart): the AppHost's name without <c>.AppHost</c>, lower case.</summary>
    public static string ApplicationName(string appHostName)
    {
        var name = appHostName.EndsWith(".AppHost", StringComparison.OrdinalIgnoreCase) ? appHostName[..^".AppHost".Length] : appHostName;
        return name.Replace('.', '-').ToLowerInvariant();
    }

    /// <summary>The pipeline step of <paramref name="environment"/>: renders the model with <paramref name="render"/> and writes the files.</summary>
    public static PipelineStepAnnotation PublishStep(IResource environment, string what, Func<DeploymentModel, IReadOnlyDictionary<string, string>> render, IEnumerable<string> ownedFolders) =>
        new(_ => new PipelineStep
        {
            Name = $"publish-{environment.Name}",
            Description = $"Writes the {what} for the app model.",
            RequiredBySteps = [WellKnownPipelineSteps.Publish],
            DependsOnSteps = [WellKnownPipelineSteps.PublishPrereq],
            Resource = environment,
            Action = async context =>
            {
                var output = Path.Combine(context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory(), environment.Name);
                var task = await context.ReportingStep.CreateTaskAsync($"Writing the {what} to {output}", context.CancellationToken).ConfigureAwait(false);
                await using (task.ConfigureAwait(false))
                {
                    var model = await ReadAsync(context.Model.Resources, context.ExecutionContext, context.CancellationToken).ConfigureAwait(false);
                    var files = render(model);
                    await PublishedFiles.WriteAsync(output, files, ownedFolders, context.CancellationToken).ConfigureAwait(false);
                    await task.CompleteAsync($"Wrote {files.Count} files to {output}", CompletionState.Completed, context.CancellationToken).ConfigureAwait(false);
                }
            },
        });

    /// <summary>The deployment model of <paramref name="resources"/>, read in publish mode.</summary>
    public static Task<DeploymentModel> ReadAsync(IEnumerable<IResource> resources, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var list = resources.ToList();
        var name = list.OfType<IDeploymentEnvironmentResource>().FirstOrDefault()?.ApplicationName ?? "app";
        return DeploymentModelReader.ReadAsync(name, list, executionContext, cancellationToken);
    }
}

/// <summary>A deployment environment of this integration.</summary>
internal interface IDeploymentEnvironmentResource : IResource
{
    string ApplicationName { get; }
}
