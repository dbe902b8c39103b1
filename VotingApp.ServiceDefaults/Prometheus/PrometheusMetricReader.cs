using OpenTelemetry.Metrics;

namespace VotingApp.ServiceDefaults.Prometheus;

/// <summary>
/// The metric reader behind <c>/metrics</c>: cumulative temporality, collected on demand (each scrape runs the
/// observable instruments' callbacks once and renders the batch with <see cref="PrometheusTextWriter"/>), one scrape at
/// a time.
/// </summary>
public sealed class PrometheusMetricReader : BaseExportingMetricReader
{
    private readonly PrometheusExporter _exporter;
    private readonly Lock _scrapeLock = new();

    /// <summary>Creates the reader and its exporter.</summary>
    public PrometheusMetricReader()
        : this(new PrometheusExporter())
    {
    }

    private PrometheusMetricReader(PrometheusExporter exporter)
        : base(exporter)
    {
        _exporter = exporter;
    }

    /// <summary>Content type of <see cref="Scrape"/>'s text.</summary>
    public static string ContentType => PrometheusTextWriter.ContentType;

    /// <summary>Collects every metric now and returns the Prometheus text exposition (empty if collection failed).</summary>
    public string Scrape(int timeoutMilliseconds = 5000)
    {
        lock (_scrapeLock)
        {
            _exporter.LastScrape = string.Empty;
            return Collect(timeoutMilliseconds) ? _exporter.LastScrape : string.Empty;
        }
    }
}
