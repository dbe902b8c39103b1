namespace VotingApp.Hosting.Publishing;

/// <summary>Which deployment the output is tuned for (<c>--environment</c>).</summary>
internal enum DeploymentEnvironment
{
    /// <summary>Development: <c>DOTNET_ENVIRONMENT=Development</c>.</summary>
    Dev,

    /// <summary>Production (default).</summary>
    Prod,
}
