namespace VotingApp.ServiceDefaults.Prometheus;

/// <summary>The Prometheus metric types this exporter writes (<c># TYPE</c>).</summary>
internal enum PrometheusType
{
    /// <summary>A monotonic sum.</summary>
    Counter,

    /// <summary>A last value or a non-monotonic sum.</summary>
    Gauge,

    /// <summary>Explicit-bucket histogram: <c>_bucket{le=…}</c>, <c>_sum</c>, <c>_count</c>.</summary>
    Histogram,
}
