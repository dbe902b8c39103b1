using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace VotingApp.ServiceDefaults.Prometheus;

/// <summary>
/// The exporter behind <see cref="PrometheusMetricReader"/>: it exports only when a scrape collects (no periodic
/// reader drives it), and keeps the text of that collection for the caller.
/// </summary>
internal sealed class PrometheusExporter : BaseExporter<Metric>
{
    /// <summary>The text of the latest export (read under the reader's scrape lock).</summary>
    public string LastScrape { get; set; } = string.Empty;

    /// <inheritdoc />
    public override ExportResult Export(in Batch<Metric> batch)
    {
        LastScrape = PrometheusTextWriter.Write(batch);
        return ExportResult.Success;
    }
}
