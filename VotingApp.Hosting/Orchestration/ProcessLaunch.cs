using System.Collections.Immutable;

namespace VotingApp.Hosting.Orchestration;

/// <summary>How a resource's process was started: its command line and the environment variables the AppHost gave it.</summary>
public sealed record ProcessLaunch(ImmutableArray<string> CommandLine, ImmutableArray<KeyValuePair<string, string>> Environment);
