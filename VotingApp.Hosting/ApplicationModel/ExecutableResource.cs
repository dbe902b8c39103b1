namespace VotingApp.Hosting.ApplicationModel;

/// <summary>Any program started as a child process (the base for local servers).</summary>
public class ExecutableResource(string name, string command, string workingDirectory)
    : Resource(name), IResourceWithEndpoints, IResourceWithEnvironment, IResourceWithWaitSupport, IResourceWithArgs
{
    /// <summary>Program to run.</summary>
    public string Command { get; } = command;

    /// <summary>Working directory.</summary>
    public string WorkingDirectory { get; } = workingDirectory;
}
