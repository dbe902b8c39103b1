using System.Text.RegularExpressions;

namespace VotingApp.Tests.Infrastructure;

/// <summary>Prometheus text as the tests compare it.</summary>
public static partial class ScrapedMetrics
{
    /// <summary>
    /// The exposition without the exporter's <c>otel_scope_*</c> labels, which it puts first on every sample
    /// (<c>name{otel_scope_name="VotingApp.Vote",error_type="x"}</c> reads <c>name{error_type="x"}</c>), so a test can
    /// look for a series by the labels that are ours.
    /// </summary>
    public static string WithoutScopeLabels(string exposition) =>
        ScopeLabel().Replace(exposition, string.Empty).Replace("{,", "{", StringComparison.Ordinal).Replace("{}", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex(",?otel_scope_[a-z_]+=\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex ScopeLabel();
}
