using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace VotingApp.Hosting.Orchestration;

/// <summary>What every runner needs: where to write, what to read, whom to tell.</summary>
internal sealed class OrchestratorContext(
    IConfiguration configuration,
    DistributedApplicationExecutionContext executionContext,
    string environmentName,
    string runDirectory,
    string stateDirectory,
    ResourceLoggerService logs,
    ResourceNotificationService notifications,
    ILogger logger)
{
    public IConfiguration Configuration { get; } = configuration;

    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    public string EnvironmentName { get; } = environmentName;

    /// <summary>Temporary folder of this run (removed at stop).</summary>
    public string RunDirectory { get; } = runDirectory;

    /// <summary>Folder for data kept between runs (<c>&lt;AppHost&gt;/.votingapp</c>).</summary>
    public string StateDirectory { get; } = stateDirectory;

    public ResourceLoggerService Logs { get; } = logs;

    public ResourceNotificationService Notifications { get; } = notifications;

    public ILogger Logger { get; } = logger;

    /// <summary>The run-mode dashboard's OTLP/HTTP endpoint and the API key it wants, when it receives telemetry.</summary>
    public (Uri Endpoint, string? ApiKey)? DashboardOtlp { get; init; }
}
