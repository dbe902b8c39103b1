namespace VotingApp.Hosting.Publishing;

/// <summary>What <c>publish</c> was asked for.</summary>
internal sealed record PublishOptions(string Publisher, string OutputPath, DeploymentEnvironment Environment)
{
    /// <summary>The .NET environment name services run under.</summary>
    public string DotnetEnvironment => Environment == DeploymentEnvironment.Dev ? "Development" : "Production";

    /// <summary>The command that regenerates the committed output.</summary>
    public static string CommandFor(string publisher, string outputPath) =>
        $"dotnet run --project VotingApp.AppHost -- publish --publisher {publisher} --output-path {outputPath}";
}
