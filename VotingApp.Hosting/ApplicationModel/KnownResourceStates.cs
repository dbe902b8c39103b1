namespace VotingApp.Hosting.ApplicationModel;

/// <summary>Resource state names, as Aspire's <c>KnownResourceStates</c>.</summary>
public static class KnownResourceStates
{
    /// <summary>Not started yet (or explicit start, not asked).</summary>
    public const string NotStarted = "NotStarted";

    /// <summary>Waiting for dependencies.</summary>
    public const string Waiting = "Waiting";

    /// <summary>Being started.</summary>
    public const string Starting = "Starting";

    /// <summary>Process up (health is separate).</summary>
    public const string Running = "Running";

    /// <summary>Could not start; <see cref="ResourceSnapshot.Message"/> says why.</summary>
    public const string FailedToStart = "FailedToStart";

    /// <summary>Being stopped.</summary>
    public const string Stopping = "Stopping";

    /// <summary>Process ended.</summary>
    public const string Exited = "Exited";

    /// <summary>Ran to completion.</summary>
    public const string Finished = "Finished";

    /// <summary>States after which a resource will not become healthy by itself.</summary>
    public static bool IsTerminal(string state) => state is FailedToStart or Exited or Finished;
}
