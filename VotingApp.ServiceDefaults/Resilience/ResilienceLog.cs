using Microsoft.Extensions.Logging;

namespace VotingApp.ServiceDefaults;

/// <summary>Log lines of the resilience pipelines (no exception text: it may quote a connection string).</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(100, LogLevel.Warning, "Circuit {Pipeline} opened for {BreakSeconds} s after {Failure}; calls are refused until it closes")]
    public static partial void CircuitOpened(ILogger logger, string pipeline, double breakSeconds, string failure);

    [LoggerMessage(101, LogLevel.Information, "Circuit {Pipeline} closed; calls go through again")]
    public static partial void CircuitClosed(ILogger logger, string pipeline);
}
