using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace VotingApp.ServiceDefaults.Prometheus;

/// <summary>
/// Serializes a batch of OpenTelemetry metrics to the Prometheus text exposition format 0.0.4: one family per name
/// with <c># HELP</c> and <c># TYPE</c>, label values escaped, histograms as cumulative <c>_bucket{le=…}</c> plus
/// <c>_sum</c> and <c>_count</c>. Instruments of two meters that map to one name share one family; an instrument whose
/// name is already taken by a family of another type is left out rather than breaking the exposition.
/// </summary>
internal static class PrometheusTextWriter
{
    /// <summary>The exposition's content type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Renders <paramref name="batch"/>.</summary>
    public static string Write(in Batch<Metric> batch)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var order = new List<Family>();
        foreach (var metric in batch)
        {
            if (TypeOf(metric.MetricType) is not { } type)
            {
                continue;
            }
            var name = PrometheusNaming.MetricName(metric.Name, metric.Unit, type);
            if (!families.TryGetValue(name, out var family))
            {
                family = new Family(name, type, string.IsNullOrWhiteSpace(metric.Description) ? metric.Name : metric.Description);
                families.Add(name, family);
                order.Add(family);
            }
            else if (family.Type != type)
            {
                continue;
            }
            WriteSamples(family, metric);
        }

        var text = new StringBuilder(4096);
        foreach (var family in order)
        {
            if (family.Samples.Length == 0)
            {
                continue;
            }
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Type)).Append('\n');
            text.Append(family.Samples);
        }
        return text.ToString();
    }

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny("\\\"\n") < 0)
        {
            return value;
        }
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        return builder.ToString();
    }

    /// <summary>Escapes HELP text: backslash and line feed.</summary>
    public static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A sample value as Prometheus reads it (<c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, invariant digits).</summary>
    public static string FormatDouble(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static PrometheusType? TypeOf(MetricType type) => type switch
    {
        MetricType.LongSum or MetricType.DoubleSum => PrometheusType.Counter,
        MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic or MetricType.LongGauge or MetricType.DoubleGauge => PrometheusType.Gauge,
        MetricType.Histogram => PrometheusType.Histogram,
        _ => null,
    };

    private static string TypeName(PrometheusType type) => type switch
    {
        PrometheusType.Counter => "counter",
        PrometheusType.Gauge => "gauge",
        _ => "histogram",
    };

    private static void WriteSamples(Family family, Metric metric)
    {
        var samples = family.Samples;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point);
            switch (metric.MetricType)
            {
                case MetricType.LongSum:
                case MetricType.LongSumNonMonotonic:
                    Sample(samples, family.Name, labels, null, point.GetSumLong().ToString(CultureInfo.InvariantCulture));
                    break;
                case MetricType.DoubleSum:
                case MetricType.DoubleSumNonMonotonic:
                    Sample(samples, family.Name, labels, null, FormatDouble(point.GetSumDouble()));
                    break;
                case MetricType.LongGauge:
                    Sample(samples, family.Name, labels, null, point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture));
                    break;
                case MetricType.DoubleGauge:
                    Sample(samples, family.Name, labels, null, FormatDouble(point.GetGaugeLastValueDouble()));
                    break;
                case MetricType.Histogram:
                    long cumulative = 0;
                    var sawInfinity = false;
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        cumulative += bucket.BucketCount;
                        sawInfinity |= double.IsPositiveInfinity(bucket.ExplicitBound);
                        Sample(samples, family.Name + "_bucket", labels, FormatDouble(bucket.ExplicitBound), cumulative.ToString(CultureInfo.InvariantCulture));
                    }
                    var count = point.GetHistogramCount().ToString(CultureInfo.InvariantCulture);
                    if (!sawInfinity)
                    {
                        Sample(samples, family.Name + "_bucket", labels, "+Inf", count);
                    }
                    Sample(samples, family.Name + "_sum", labels, null, FormatDouble(point.GetHistogramSum()));
                    Sample(samples, family.Name + "_count", labels, null, count);
                    break;
            }
        }
    }

    private static string Labels(in MetricPoint point)
    {
        var builder = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            var name = PrometheusNaming.LabelName(tag.Key);
            if (name == "le" || !seen.Add(name))
            {
                continue;
            }
            if (builder.Length > 0)
            {
                builder.Append(',');
            }
            builder.Append(name).Append("=\"").Append(EscapeLabelValue(TagValue(tag.Value))).Append('"');
        }
        return builder.ToString();
    }

    private static string TagValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(TagValue)) + "]",
        _ => value.ToString() ?? string.Empty,
    };

    private static void Sample(StringBuilder samples, string name, string labels, string? le, string value)
    {
        samples.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            samples.Append('{').Append(labels);
            if (le is not null)
            {
                if (labels.Length > 0)
                {
                    samples.Append(',');
                }
                samples.Append("le=\"").Append(le).Append('"');
            }
            samples.Append('}');
        }
        samples.Append(' ').Append(value).Append('\n');
    }

    private sealed class Family(string name, PrometheusType type, string help)
    {
        public string Name { get; } = name;

        public PrometheusType Type { get; } = type;

        public string Help { get; } = help;

        public StringBuilder Samples { get; } = new();
    }
}
