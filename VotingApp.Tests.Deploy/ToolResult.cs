namespace VotingApp.Tests.Publishing;

/// <summary>Exit code and output of a validator run.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
}
