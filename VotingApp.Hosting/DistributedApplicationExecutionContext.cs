namespace VotingApp.Hosting;

/// <summary>Whether the AppHost runs the application or publishes it.</summary>
public enum DistributedApplicationOperation
{
    /// <summary>Start every resource locally.</summary>
    Run,

    /// <summary>Write deployment artifacts.</summary>
    Publish,
}

/// <summary>What the AppHost was asked to do.</summary>
public sealed class DistributedApplicationExecutionContext(DistributedApplicationOperation operation)
{
    /// <summary>Run or publish.</summary>
    public DistributedApplicationOperation Operation { get; } = operation;

    /// <summary>True when running locally.</summary>
    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;

    /// <summary>True when publishing.</summary>
    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;
}
