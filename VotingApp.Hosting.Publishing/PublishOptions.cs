namespace VotingApp.Hosting.Publishing;

/// <summary>
/// What a publisher writes for: the .NET environment of the services (compose, and the chart's default values; the
/// chart's values-dev.yaml sets Development), and the command that regenerates the output (its header).
/// </summary>
internal sealed record PublishOptions(string DotnetEnvironment, string RegenerateCommand)
{
    /// <summary>The command the AppHost's publish step runs (<c>aspire publish -o deploy</c> runs the same).</summary>
    public const string DefaultRegenerateCommand =
        "dotnet run --project VotingApp.AppHost --no-launch-profile -- --operation publish --step publish --output-path \"$PWD/deploy\"";

    public static PublishOptions Default { get; } = new("Production", DefaultRegenerateCommand);
}
