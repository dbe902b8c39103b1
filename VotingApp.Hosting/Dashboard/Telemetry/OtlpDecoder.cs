using System.Globalization;

namespace VotingApp.Hosting.Dashboard.Telemetry;

/// <summary>
/// Reads OTLP/HTTP protobuf export requests (opentelemetry-proto v1: ExportTraceServiceRequest, ExportLogsServiceRequest,
/// ExportMetricsServiceRequest) into the dashboard's records. Field numbers are the protocol's; unknown fields are
/// skipped, as protobuf readers do.
/// </summary>
internal static class OtlpDecoder
{
    private static readonly string[] s_kinds = ["unspecified", "internal", "server", "client", "producer", "consumer"];
    private static readonly string[] s_statuses = ["unset", "ok", "error"];

    public static IReadOnlyList<TelemetrySpan> Traces(ReadOnlyMemory<byte> body)
    {
        var spans = new List<TelemetrySpan>();
        foreach (var resourceSpans in ProtoReader.Parse(body).Messages(1))
        {
            var (resource, instance) = ResourceOf(resourceSpans.Message(1));
            foreach (var scopeSpans in resourceSpans.Messages(2))
            {
                var scope = scopeSpans.Message(1)?.String(1) ?? string.Empty;
                foreach (var span in scopeSpans.Messages(2))
                {
                    var status = span.Message(15);
                    var statusCode = (int)(status?.Number(3) ?? 0);
                    spans.Add(new TelemetrySpan(
                        resource,
                        instance,
                        scope,
                        RequireId(span.Hex(1), 32, "trace_id"),
                        RequireId(span.Hex(2), 16, "span_id"),
                        span.Hex(4),
                        span.String(5),
                        Named(s_kinds, (int)span.Number(6)),
                        span.Number(7),
                        span.Number(8),
                        Named(s_statuses, statusCode),
                        status?.String(2) is { Length: > 0 } message ? message : null,
                        span.Attributes(9),
                        [.. span.Messages(11).Select(e => new TelemetrySpanEvent(e.String(2), e.Number(1), e.Attributes(3)))],
                        [.. span.Messages(13).Select(link => link.Hex(1)).Where(id => id.Length > 0)]));
                }
            }
        }
        return spans;
    }

    public static IReadOnlyList<TelemetryLog> Logs(ReadOnlyMemory<byte> body)
    {
        var logs = new List<TelemetryLog>();
        foreach (var resourceLogs in ProtoReader.Parse(body).Messages(1))
        {
            var (resource, instance) = ResourceOf(resourceLogs.Message(1));
            foreach (var scopeLogs in resourceLogs.Messages(2))
            {
                var category = scopeLogs.Message(1)?.String(1) ?? string.Empty;
                foreach (var record in scopeLogs.Messages(2))
                {
                    var severityNumber = (int)record.Number(2);
                    var time = record.Number(1) is > 0 and var t ? t : record.Number(11);
                    logs.Add(new TelemetryLog(
                        0,
                        resource,
                        instance,
                        category,
                        time,
                        record.String(3) is { Length: > 0 } text ? text : SeverityName(severityNumber),
                        severityNumber,
                        record.Message(5) is { } bodyValue ? ProtoReader.AnyValue(bodyValue) : string.Empty,
                        record.Attributes(6),
                        record.Hex(9),
                        record.Hex(10)));
                }
            }
        }
        return logs;
    }

    public static IReadOnlyList<TelemetryMetric> Metrics(ReadOnlyMemory<byte> body)
    {
        var metrics = new List<TelemetryMetric>();
        foreach (var resourceMetrics in ProtoReader.Parse(body).Messages(1))
        {
            var (resource, _) = ResourceOf(resourceMetrics.Message(1));
            foreach (var scopeMetrics in resourceMetrics.Messages(2))
            {
                var scope = scopeMetrics.Message(1)?.String(1) ?? string.Empty;
                foreach (var metric in scopeMetrics.Messages(2))
                {
                    metrics.Add(Metric(resource, scope, metric));
                }
            }
        }
        return metrics;
    }

    /// <summary>The log level names of OpenTelemetry's severity ranges (1–4 trace … 21–24 fatal).</summary>
    public static string SeverityName(int number) => number switch
    {
        <= 0 => "Unspecified",
        <= 4 => "Trace",
        <= 8 => "Debug",
        <= 12 => "Information",
        <= 16 => "Warning",
        <= 20 => "Error",
        _ => "Critical",
    };

    private static TelemetryMetric Metric(string resource, string scope, ProtoReader metric)
    {
        var (name, description, unit) = (metric.String(1), metric.String(2), metric.String(3));
        // gauge (5) and sum (7) hold NumberDataPoints; histogram (9) and exponential histogram (10) count and sum
        if ((metric.Message(5) ?? metric.Message(7)) is { } numbers)
        {
            var points = numbers.Messages(1).ToList();
            var type = metric.Has(5) ? "gauge" : numbers.Number(3) != 0 ? "counter" : "up-down counter";
            var value = points.Sum(p => p.Double(4) ?? (double)(long)p.Number(6));
            return new TelemetryMetric(resource, scope, name, description, unit, type, points.Count, Finite(value), null, null, LatestTime(points));
        }
        if ((metric.Message(9) ?? metric.Message(10)) is { } histogram)
        {
            var points = histogram.Messages(1).ToList();
            var count = points.Aggregate(0UL, (total, p) => total + p.Number(4));
            var sum = points.Sum(p => p.Double(5) ?? 0);
            return new TelemetryMetric(resource, scope, name, description, unit, "histogram", points.Count, null, count, Finite(sum), LatestTime(points));
        }
        return new TelemetryMetric(resource, scope, name, description, unit, metric.Has(11) ? "summary" : "unknown", 0, null, null, null, DateTimeOffset.UnixEpoch);
    }

    // a data point's time_unix_nano is field 3 in every kind of point
    private static DateTimeOffset LatestTime(List<ProtoReader> points) =>
        TraceSummaryView.Time(points.Select(p => p.Number(3)).DefaultIfEmpty().Max());

    // JSON has no NaN or infinity
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static (string Resource, string Instance) ResourceOf(ProtoReader? resource)
    {
        var attributes = resource?.Attributes(1) ?? [];
        return (attributes.GetValueOrDefault("service.name", "unknown_service"), attributes.GetValueOrDefault("service.instance.id", string.Empty));
    }

    private static string Named(string[] names, int value) =>
        value >= 0 && value < names.Length ? names[value] : value.ToString(CultureInfo.InvariantCulture);

    private static string RequireId(string hex, int length, string field) => hex.Length == length
        ? hex
        : throw new InvalidDataException($"a span's {field} must be {length / 2} bytes, it has {hex.Length / 2}");
}
