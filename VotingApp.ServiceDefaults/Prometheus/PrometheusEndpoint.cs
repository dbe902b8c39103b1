using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace VotingApp.ServiceDefaults.Prometheus;

/// <summary><c>GET /metrics</c>: every metric of the service in the Prometheus text format, collected on request.</summary>
internal static class PrometheusEndpoint
{
    /// <summary>The scrape path.</summary>
    public const string Path = "/metrics";

    public static async Task WriteAsync(HttpContext context)
    {
        var reader = context.RequestServices.GetRequiredService<PrometheusMetricReader>();
        var text = reader.Scrape();
        var response = context.Response;
        response.ContentType = PrometheusTextWriter.ContentType;
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
    }
}
