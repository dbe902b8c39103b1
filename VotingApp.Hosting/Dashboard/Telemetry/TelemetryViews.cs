namespace VotingApp.Hosting.Dashboard.Telemetry;

/// <summary>A line of the trace list: the root span's name, who took part, how long it took, whether anything failed.</summary>
internal sealed record TraceSummaryView(
    string TraceId,
    string Name,
    IReadOnlyList<string> Resources,
    int Spans,
    DateTimeOffset Start,
    double DurationMs,
    bool HasError)
{
    public static TraceSummaryView From(IReadOnlyList<TelemetrySpan> spans)
    {
        var (start, end) = Bounds(spans);
        var root = spans.FirstOrDefault(s => s.ParentSpanId.Length == 0 || spans.All(p => p.SpanId != s.ParentSpanId))
            ?? spans.MinBy(s => s.StartNanos)!;
        return new TraceSummaryView(
            root.TraceId,
            $"{root.Resource}: {root.Name}",
            [.. spans.Select(s => s.Resource).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            spans.Count,
            Time(start),
            Milliseconds(end - start),
            spans.Any(s => s.Status == "error"));
    }

    public static (ulong Start, ulong End) Bounds(IReadOnlyList<TelemetrySpan> spans) =>
        (spans.Min(s => s.StartNanos), spans.Max(s => Math.Max(s.StartNanos, s.EndNanos)));

    public static DateTimeOffset Time(ulong unixNanos) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));

    public static double Milliseconds(ulong nanos) => Math.Round(nanos / 1_000_000.0, 3);
}

/// <summary>A whole trace: its spans in tree order (each after its parent), with their depth and offsets for a timeline.</summary>
internal sealed record TraceView(string TraceId, DateTimeOffset Start, double DurationMs, IReadOnlyList<SpanView> Spans)
{
    public static TraceView From(string traceId, IReadOnlyList<TelemetrySpan> spans)
    {
        var (start, end) = TraceSummaryView.Bounds(spans);
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans.ToLookup(s => ids.Contains(s.ParentSpanId) ? s.ParentSpanId : string.Empty, StringComparer.Ordinal);
        var ordered = new List<SpanView>(spans.Count);
        void Walk(string parent, int depth)
        {
            foreach (var span in children[parent].OrderBy(s => s.StartNanos))
            {
                ordered.Add(SpanView.From(span, start, depth));
                Walk(span.SpanId, depth + 1);
            }
        }
        Walk(string.Empty, 0);
        return new TraceView(traceId, TraceSummaryView.Time(start), TraceSummaryView.Milliseconds(end - start), ordered);
    }
}

/// <summary>One span of a trace.</summary>
internal sealed record SpanView(
    string SpanId,
    string? ParentSpanId,
    int Depth,
    string Resource,
    string Instance,
    string Scope,
    string Name,
    string Kind,
    double OffsetMs,
    double DurationMs,
    string Status,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEventView> Events,
    IReadOnlyList<string> LinkedTraceIds)
{
    public static SpanView From(TelemetrySpan span, ulong traceStart, int depth) => new(
        span.SpanId,
        span.ParentSpanId.Length > 0 ? span.ParentSpanId : null,
        depth,
        span.Resource,
        span.Instance,
        span.Scope,
        span.Name,
        span.Kind,
        TraceSummaryView.Milliseconds(span.StartNanos - traceStart),
        TraceSummaryView.Milliseconds(span.EndNanos > span.StartNanos ? span.EndNanos - span.StartNanos : 0),
        span.Status,
        span.StatusMessage,
        span.Attributes,
        [.. span.Events.Select(e => new SpanEventView(e.Name, TraceSummaryView.Milliseconds(e.TimeNanos > traceStart ? e.TimeNanos - traceStart : 0), e.Attributes))],
        span.LinkedTraceIds);
}

/// <summary>An event on a span, at its offset from the trace's start.</summary>
internal sealed record SpanEventView(string Name, double OffsetMs, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One structured log record.</summary>
internal sealed record StructuredLogView(
    long Sequence,
    string Resource,
    string Instance,
    string Category,
    DateTimeOffset Time,
    string Severity,
    int SeverityNumber,
    string Message,
    IReadOnlyDictionary<string, string> Attributes,
    string? TraceId,
    string? SpanId)
{
    public static StructuredLogView From(TelemetryLog log) => new(
        log.Sequence,
        log.Resource,
        log.Instance,
        log.Category,
        TraceSummaryView.Time(log.TimeNanos),
        log.Severity,
        log.SeverityNumber,
        log.Message,
        log.Attributes,
        log.TraceId.Length > 0 ? log.TraceId : null,
        log.SpanId.Length > 0 ? log.SpanId : null);
}
