using Microsoft.Extensions.Diagnostics.HealthChecks;
using VotingApp.Hosting.ApplicationModel;
using VotingApp.Hosting.Orchestration;

namespace VotingApp.Hosting.Dashboard;

/// <summary>
/// What the dashboard shows of one resource: its kind, state, health, URLs, processes, how its process was started,
/// and its relations (parent, references, the resources it waits for).
/// </summary>
internal sealed record ResourceView(
    string Name,
    string Type,
    string State,
    string? Health,
    string? Message,
    int? ExitCode,
    DateTimeOffset? StartTime,
    DateTimeOffset? StopTime,
    IReadOnlyList<string> Urls,
    IReadOnlyList<int> ProcessIds,
    string? Runtime,
    string? Parent,
    IReadOnlyList<string> References,
    IReadOnlyList<string> WaitsFor,
    bool ExplicitStart,
    IReadOnlyList<string> Commands,
    IReadOnlyList<string> CommandLine,
    IReadOnlyList<EnvironmentVariableView> Environment)
{
    /// <summary>What replaces a secret (a password parameter's value) wherever it appears.</summary>
    public const string Mask = "********";

    /// <summary>
    /// The view of <paramref name="resource"/> in <paramref name="snapshot"/>; every occurrence of a
    /// <paramref name="secrets"/> value in its command line and environment is masked (the page never receives it).
    /// </summary>
    public static ResourceView From(IResource resource, ResourceSnapshot snapshot, IReadOnlyList<string> secrets) => new(
        resource.Name,
        TypeName(resource),
        snapshot.State,
        snapshot.HealthStatus switch
        {
            HealthStatus.Healthy => "Healthy",
            HealthStatus.Degraded => "Degraded",
            HealthStatus.Unhealthy => "Unhealthy",
            _ => null,
        },
        snapshot.Message,
        snapshot.ExitCode,
        snapshot.StartTime,
        snapshot.StopTime,
        [.. snapshot.Urls, .. NonHttpEndpoints(resource)],
        snapshot.ProcessIds,
        snapshot.Runtime,
        (resource as IResourceWithParent)?.Parent.Name,
        [.. resource.Annotations.OfType<ResourceRelationshipAnnotation>().Select(r => r.Resource.Name).Distinct()],
        [.. resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Distinct()],
        resource.Annotations.OfType<ExplicitStartAnnotation>().Any(),
        CommandsFor(snapshot.State),
        snapshot.Launch is { } launch ? [.. launch.CommandLine.Select(arg => MaskSecrets(arg, secrets))] : [],
        snapshot.Launch is { } started ? [.. started.Environment.Select(e => VariableView(e.Key, e.Value, secrets))] : []);

    private static EnvironmentVariableView VariableView(string name, string value, IReadOnlyList<string> secrets)
    {
        var masked = MaskSecrets(value, secrets);
        return new EnvironmentVariableView(name, masked, !string.Equals(masked, value, StringComparison.Ordinal));
    }

    private static string MaskSecrets(string value, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            value = value.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return value;
    }

    /// <summary>The commands that make sense in <paramref name="state"/> (as Aspire's dashboard enables them).</summary>
    public static IReadOnlyList<string> CommandsFor(string state) => state switch
    {
        KnownResourceStates.NotStarted or KnownResourceStates.FailedToStart or KnownResourceStates.Exited or KnownResourceStates.Finished =>
            [KnownResourceCommands.Start],
        KnownResourceStates.Running => [KnownResourceCommands.Stop, KnownResourceCommands.Restart],
        KnownResourceStates.Waiting or KnownResourceStates.Starting => [KnownResourceCommands.Stop],
        _ => [],
    };

    // the URLs of a snapshot are its web pages; a queue or database shows where it listens too (tcp://localhost:port)
    private static IEnumerable<string> NonHttpEndpoints(IResource resource) => resource.Annotations.OfType<EndpointAnnotation>()
        .Where(e => e.AllocatedEndpoint is not null && e.UriScheme is not ("http" or "https"))
        .Select(e => e.AllocatedEndpoint!.UriString);

    private static string TypeName(IResource resource) => resource switch
    {
        ProjectResource => "Project",
        RedisResource => "Redis",
        PostgresServerResource => "PostgreSQL",
        PostgresDatabaseResource => "Database",
        ExecutableResource => "Executable",
        _ => resource.GetType().Name.Replace("Resource", string.Empty, StringComparison.Ordinal),
    };
}

/// <summary>A variable the AppHost set for a resource's process; <see cref="IsSecret"/> when a secret was masked in it.</summary>
internal sealed record EnvironmentVariableView(string Name, string Value, bool IsSecret);

/// <summary>One line of a resource's console output.</summary>
internal sealed record LogLineView(DateTimeOffset Timestamp, string Text, bool IsError)
{
    public static LogLineView From(LogLine line) => new(line.Timestamp, line.Text, line.IsError);
}

/// <summary>The answer to a command.</summary>
internal sealed record CommandResultView(string Resource, string Command, string State);

/// <summary>A refused request: what was wrong and what to do.</summary>
internal sealed record ErrorView(string Error);

/// <summary>The application the dashboard shows, and whether the services send it their telemetry.</summary>
internal sealed record ApplicationView(string Name, string Environment)
{
    public bool ReceivesTelemetry { get; init; }
}
