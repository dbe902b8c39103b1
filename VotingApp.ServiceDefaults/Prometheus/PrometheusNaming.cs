using System.Text;

namespace VotingApp.ServiceDefaults.Prometheus;

/// <summary>
/// OpenTelemetry → Prometheus name rules (OpenTelemetry "Prometheus and OpenMetrics compatibility"): invalid characters
/// become <c>_</c>, the unit becomes a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>, annotations such
/// as <c>{vote}</c> are dropped), counters end in <c>_total</c>, gauges with unit <c>1</c> end in <c>_ratio</c>.
/// </summary>
internal static class PrometheusNaming
{
    private static readonly Dictionary<string, string> s_units = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["bit"] = "bits",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> s_perUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    /// <summary>The Prometheus family name of an OpenTelemetry instrument.</summary>
    public static string MetricName(string name, string? unit, PrometheusType type)
    {
        var result = Sanitize(name, allowColon: true);
        var unitSuffix = UnitSuffix(unit);
        if (type == PrometheusType.Counter && result.EndsWith("_total", StringComparison.Ordinal))
        {
            result = result[..^"_total".Length];
        }
        if (unitSuffix.Length > 0 && !result.EndsWith("_" + unitSuffix, StringComparison.Ordinal))
        {
            result = result + "_" + unitSuffix;
        }
        if (type == PrometheusType.Gauge && unit == "1" && !result.EndsWith("_ratio", StringComparison.Ordinal))
        {
            result += "_ratio";
        }
        if (type == PrometheusType.Counter)
        {
            result += "_total";
        }
        else if (type == PrometheusType.Gauge && HasHistogramSuffix(result))
        {
            // _count, _sum and _bucket belong to histograms and summaries (promtool rejects them on a gauge):
            // dotnet.assembly.count becomes dotnet_assembly_count_current
            result += "_current";
        }
        return result;
    }

    private static bool HasHistogramSuffix(string name) =>
        name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal)
        || name.EndsWith("_bucket", StringComparison.Ordinal);

    /// <summary>A label name: only <c>[a-zA-Z0-9_]</c>, not starting with a digit.</summary>
    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    /// <summary>The unit's suffix (<c>seconds</c>, <c>bytes</c>, <c>requests_per_second</c>), or empty.</summary>
    public static string UnitSuffix(string? unit)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return string.Empty;
        }
        // annotations in braces carry no unit: {vote}, {request}/s → /s
        var withoutAnnotations = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                withoutAnnotations.Append(c);
            }
        }
        var text = withoutAnnotations.ToString().Trim();
        if (text.Length == 0 || text == "1")
        {
            return string.Empty;
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Sanitize(s_units.GetValueOrDefault(text, text), allowColon: false).Trim('_');
        }
        var numerator = text[..slash];
        var denominator = text[(slash + 1)..];
        var top = numerator.Length == 0 || numerator == "1" ? string.Empty : s_units.GetValueOrDefault(numerator, numerator);
        var bottom = s_perUnits.GetValueOrDefault(denominator, s_units.GetValueOrDefault(denominator, denominator));
        var combined = top.Length == 0 ? "per_" + bottom : top + "_per_" + bottom;
        return Sanitize(combined, allowColon: false).Trim('_');
    }

    private static string Sanitize(string text, bool allowColon)
    {
        var builder = new StringBuilder(text.Length + 1);
        var lastWasUnderscore = false;
        foreach (var c in text)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var output = valid ? c : '_';
            if (output == '_')
            {
                if (lastWasUnderscore)
                {
                    continue;
                }
                lastWasUnderscore = true;
            }
            else
            {
                lastWasUnderscore = false;
            }
            builder.Append(output);
        }
        if (builder.Length == 0)
        {
            return "_";
        }
        if (char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }
        return builder.ToString();
    }
}
