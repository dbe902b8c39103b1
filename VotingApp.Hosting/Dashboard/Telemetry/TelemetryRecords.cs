namespace VotingApp.Hosting.Dashboard.Telemetry;

/// <summary>One span as the dashboard keeps it (ids in lower-case hex, times in Unix nanoseconds).</summary>
internal sealed record TelemetrySpan(
    string Resource,
    string Instance,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    string Kind,
    ulong StartNanos,
    ulong EndNanos,
    string Status,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<TelemetrySpanEvent> Events,
    IReadOnlyList<string> LinkedTraceIds);

/// <summary>An event on a span (an exception, a retry…).</summary>
internal sealed record TelemetrySpanEvent(string Name, ulong TimeNanos, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One structured log record.</summary>
internal sealed record TelemetryLog(
    long Sequence,
    string Resource,
    string Instance,
    string Category,
    ulong TimeNanos,
    string Severity,
    int SeverityNumber,
    string Message,
    IReadOnlyDictionary<string, string> Attributes,
    string TraceId,
    string SpanId);

/// <summary>
/// The latest export of one instrument by one resource: its series summed (counters, gauges) or counted
/// (histograms). Also what the API returns (values that JSON cannot carry, NaN and infinities, are left out).
/// </summary>
internal sealed record TelemetryMetric(
    string Resource,
    string Scope,
    string Name,
    string Description,
    string Unit,
    string Type,
    int Series,
    double? Value,
    ulong? Count,
    double? Sum,
    DateTimeOffset Time);
