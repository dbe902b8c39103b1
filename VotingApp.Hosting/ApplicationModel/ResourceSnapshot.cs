using System.Collections.Immutable;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VotingApp.Hosting.ApplicationModel;

/// <summary>What is known about a resource at one moment.</summary>
public sealed record ResourceSnapshot
{
    /// <summary>One of <see cref="KnownResourceStates"/>.</summary>
    public string State { get; init; } = KnownResourceStates.NotStarted;

    /// <summary>Null until checked; resources without checks are healthy once running.</summary>
    public HealthStatus? HealthStatus { get; init; }

    /// <summary>Exit code of the (last) process.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Why the resource failed, or a short note.</summary>
    public string? Message { get; init; }

    /// <summary>When it last started.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When it last stopped.</summary>
    public DateTimeOffset? StopTime { get; init; }

    /// <summary>URLs of its endpoints.</summary>
    public ImmutableArray<string> Urls { get; init; } = [];

    /// <summary>OS process ids (one per replica).</summary>
    public ImmutableArray<int> ProcessIds { get; init; } = [];

    /// <summary>What runs it locally (e.g. <c>redis-server 7.0</c>, <c>garnet 2.2.8</c>).</summary>
    public string? Runtime { get; init; }

    /// <summary>How its process was started (command line, the AppHost's environment variables); secrets included.</summary>
    public Orchestration.ProcessLaunch? Launch { get; init; }
}

/// <summary>A change of a resource's snapshot.</summary>
public sealed record ResourceEvent(IResource Resource, ResourceSnapshot Snapshot)
{
    /// <summary>The resource's name.</summary>
    public string ResourceName => Resource.Name;
}
