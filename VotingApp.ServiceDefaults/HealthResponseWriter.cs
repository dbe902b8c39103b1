using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Writes health reports: the bare status word, or (when enabled by config) a JSON breakdown per check.</summary>
internal static class HealthResponseWriter
{
    public static Task WriteStatus(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(report.Status.ToString());
    }

    public static async Task WriteDetailed(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", report.Status.ToString());
        writer.WriteNumber("durationMs", report.TotalDuration.TotalMilliseconds);
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", entry.Status.ToString());
            writer.WriteNumber("durationMs", entry.Duration.TotalMilliseconds);
            if (entry.Description is { } description)
            {
                writer.WriteString("description", description);
            }
            if (entry.Exception is { } exception)
            {
                // the message only: never a stack trace or a connection string
                writer.WriteString("error", exception.GetType().Name);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
