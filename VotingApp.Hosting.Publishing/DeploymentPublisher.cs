#pragma warning disable ASPIREPIPELINES001 // pipeline steps and their reporting: [Experimental] in Aspire 13.6, the only publish extension point
#pragma warning disable ASPIREPIPELINES004 // IPipelineOutputService (the --output-path)

using System.Text;
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

/// <summary>
/// What a publisher writes for: the .NET environment of the services (compose, and the chart's default values; the
/// chart's values-dev.yaml sets Development), and the command that regenerates the output (its header).
/// </summary>
internal sealed record PublishOptions(string DotnetEnvironment, string RegenerateCommand)
{
    /// <summary>
    /// The command that regenerates the committed output, from the repository root. Without the CLI the same step runs
    /// with <c>dotnet run --project &lt;AppHost&gt; --no-launch-profile -- --operation publish --step publish --output-path "$PWD/deploy"</c>.
    /// </summary>
    public const string DefaultRegenerateCommand = "aspire publish -o deploy";

    public static PublishOptions Default { get; } = new("Production", DefaultRegenerateCommand);
}

/// <summary>Writes a publisher's files: UTF-8 without BOM, LF line ends; stale generated files are removed.</summary>
internal static class PublishedFiles
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes <paramref name="files"/> (relative paths) under <paramref name="outputPath"/>. Folders listed in
    /// <paramref name="ownedFolders"/> are emptied first, so files the model no longer produces do not linger.
    /// </summary>
    public static async Task WriteAsync(string outputPath, IReadOnlyDictionary<string, string> files, IEnumerable<string> ownedFolders, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(root);
        foreach (var folder in ownedFolders)
        {
            var full = Path.Combine(root, folder);
            if (Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true);
            }
        }
        foreach (var (relative, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content.ReplaceLineEndings("\n"), s_utf8, cancellationToken).ConfigureAwait(false);
        }
    }
}
