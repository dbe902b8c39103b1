using System.CommandLine;
using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Publishing;

/// <summary>
/// <c>publish --publisher compose|kubernetes --output-path DIR [--environment dev|prod]</c>: parses the AppHost's
/// arguments and writes the deployment artifacts for the model. Errors are one line on stderr and a non-zero exit code.
/// </summary>
internal static class PublishCommand
{
    /// <summary>Name of the application in the output (compose project, chart).</summary>
    public const string ApplicationName = "votingapp";

    public const string Compose = "compose";
    public const string Kubernetes = "kubernetes";

    /// <summary>Parses <paramref name="args"/> (starting with <c>publish</c>); null and an error message when they are wrong.</summary>
    public static PublishOptions? Parse(string[] args, out string? error)
    {
        var publisher = new Option<string>("--publisher", "-p") { Description = "compose or kubernetes", Required = true };
        publisher.AcceptOnlyFromAmong(Compose, Kubernetes);
        var output = new Option<string>("--output-path", "-o") { Description = "Folder to write to", Required = true };
        var environment = new Option<string>("--environment", "-e") { Description = "dev or prod", DefaultValueFactory = _ => "prod" };
        environment.AcceptOnlyFromAmong("dev", "prod");
        var publish = new Command("publish", "Writes deployment artifacts for the app model.") { publisher, output, environment };
        var root = new RootCommand("VotingApp AppHost") { publish };
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            error = string.Join(' ', result.Errors[0].Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return null;
        }
        if (result.CommandResult.Command != publish)
        {
            error = "Usage: publish --publisher compose|kubernetes --output-path DIR [--environment dev|prod]";
            return null;
        }
        var outputPath = result.GetValue(output);
        if (string.IsNullOrWhiteSpace(outputPath))
        {
            error = "Option '--output-path' needs a folder.";
            return null;
        }
        error = null;
        return new PublishOptions(result.GetValue(publisher)!, outputPath,
            result.GetValue(environment) == "dev" ? DeploymentEnvironment.Dev : DeploymentEnvironment.Prod);
    }

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args, IReadOnlyList<IResource> resources, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var options = Parse(args, out var error);
        if (options is null)
        {
            await stderr.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            return 2;
        }
        try
        {
            var written = await PublishAsync(resources, options, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"Published {written.Count} files ({options.Publisher}, {options.DotnetEnvironment}) to {Path.GetFullPath(options.OutputPath)}").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is DistributedApplicationException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Publishes the model; returns the files written (relative path → content).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> PublishAsync(IReadOnlyList<IResource> resources, PublishOptions options, CancellationToken cancellationToken = default)
    {
        var files = await RenderAsync(resources, options, cancellationToken).ConfigureAwait(false);
        var owned = options.Publisher == Kubernetes ? new[] { HelmChartPublisher.TemplatesFolder } : [];
        await PublishedFiles.WriteAsync(options.OutputPath, files, owned, cancellationToken).ConfigureAwait(false);
        return files;
    }

    /// <summary>Renders the files without writing them.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> RenderAsync(IReadOnlyList<IResource> resources, PublishOptions options, CancellationToken cancellationToken = default)
    {
        var model = await DeploymentModelReader.ReadAsync(ApplicationName, resources, cancellationToken).ConfigureAwait(false);
        return options.Publisher switch
        {
            Compose => ComposePublisher.Publish(model, options),
            Kubernetes => HelmChartPublisher.Publish(model, options),
            _ => throw new DistributedApplicationException($"Unknown publisher '{options.Publisher}' (compose or kubernetes)."),
        };
    }
}
