namespace VotingApp.Hosting;

/// <summary>Options for <see cref="DistributedApplication.CreateBuilder(DistributedApplicationOptions)"/>.</summary>
public sealed class DistributedApplicationOptions
{
    /// <summary>Command-line arguments of the AppHost.</summary>
    public string[]? Args { get; set; }

    /// <summary>No dashboard (tests).</summary>
    public bool DisableDashboard { get; set; }

    /// <summary>Print resource state changes and URLs to the console (run mode).</summary>
    public bool ReportToConsole { get; set; } = true;

    /// <summary>Every endpoint gets a free port (tests), as Aspire's <c>DcpPublisher:RandomizePorts</c>.</summary>
    public bool RandomizePorts { get; set; }

    /// <summary>Generated secrets are kept between runs in the AppHost's <c>.votingapp/</c> folder (run mode).</summary>
    public bool PersistGeneratedSecrets { get; set; } = true;

    /// <summary>The AppHost's project folder; found from the entry assembly when not set.</summary>
    public string? AppHostDirectory { get; set; }
}
