namespace VotingApp.Hosting.Publishing;

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
