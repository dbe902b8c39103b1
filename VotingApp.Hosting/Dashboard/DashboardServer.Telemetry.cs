using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VotingApp.Hosting.Dashboard.Telemetry;

namespace VotingApp.Hosting.Dashboard;

/// <summary>
/// The dashboard's telemetry: an OTLP/HTTP receiver (<c>POST /v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>,
/// <c>application/x-protobuf</c>) on its own port, and the API the page reads it with: <c>GET /api/traces</c>,
/// <c>/api/traces/{id}</c>, <c>/api/logs</c>, <c>/api/logs/stream</c>, <c>/api/metrics</c>.
/// </summary>
internal sealed partial class DashboardServer
{
    /// <summary>Largest OTLP request accepted (the SDKs send far smaller batches).</summary>
    private const int MaxOtlpRequestBytes = 16 * 1024 * 1024;

    private int _otlpPort;

    /// <summary>The OTLP/HTTP endpoint the services export to, or null when the dashboard receives no telemetry.</summary>
    public Uri? OtlpUrl { get; private set; }

    /// <summary>The key the OTLP endpoint wants in <c>x-otlp-api-key</c>, or null.</summary>
    public string? OtlpApiKey => options.OtlpApiKey;

    /// <summary>What was received.</summary>
    internal TelemetryStore Telemetry { get; } = new(options.MaxTraces, options.MaxLogs);

    // the OTLP port serves only /v1/*, the browser's port everything else
    private Task SeparatePortsAsync(HttpContext context, RequestDelegate next)
    {
        var onOtlpPort = _otlpPort != 0 && context.Connection.LocalPort == _otlpPort;
        var isOtlp = context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal);
        if (onOtlpPort != isOtlp)
        {
            return WriteErrorAsync(context, StatusCodes.Status404NotFound, onOtlpPort
                ? "This is the dashboard's OTLP endpoint: POST /v1/traces, /v1/logs or /v1/metrics."
                : "OTLP goes to the dashboard's OTLP endpoint (ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL), not to its page.");
        }
        return next(context);
    }

    private void MapOtlp(WebApplication app)
    {
        app.MapPost("/v1/traces", context => ReceiveAsync(context, body => Telemetry.AddSpans(OtlpDecoder.Traces(body))));
        app.MapPost("/v1/logs", context => ReceiveAsync(context, body => Telemetry.AddLogs(OtlpDecoder.Logs(body))));
        app.MapPost("/v1/metrics", context => ReceiveAsync(context, body => Telemetry.AddMetrics(OtlpDecoder.Metrics(body))));
    }

    private void MapTelemetryApi(RouteGroupBuilder api)
    {
        api.MapGet("/traces", context =>
        {
            // ?resource=vote: traces it took part in; ?q=POST: traces with a span whose name holds the text
            var resource = (string?)context.Request.Query["resource"];
            var text = (string?)context.Request.Query["q"];
            var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 1, options.MaxTraces) : 200;
            var traces = Telemetry.Traces(limit, spans =>
                    (string.IsNullOrEmpty(resource) || spans.Any(s => s.Resource == resource))
                    && (string.IsNullOrEmpty(text) || spans.Any(s => s.Name.Contains(text, StringComparison.OrdinalIgnoreCase))))
                .Select(TraceSummaryView.From)
                .ToList();
            return WriteJsonAsync(context, traces, DashboardJsonContext.Api.IReadOnlyListTraceSummaryView);
        });
        api.MapGet("/traces/{id}", context =>
        {
            var id = ((string)context.Request.RouteValues["id"]!).ToLowerInvariant();
            return Telemetry.Trace(id) is { Count: > 0 } spans
                ? WriteJsonAsync(context, TraceView.From(id, spans), DashboardJsonContext.Api.TraceView)
                : WriteErrorAsync(context, StatusCodes.Status404NotFound,
                    $"No trace {id} is kept: it was never received, or it is older than the newest {options.MaxTraces} traces.");
        });
        api.MapGet("/logs", context =>
        {
            if (LogFilter(context) is not { } filter)
            {
                return WriteErrorAsync(context, StatusCodes.Status400BadRequest, UnknownLevel(context));
            }
            var logs = Telemetry.Logs().Where(filter).Select(StructuredLogView.From).ToList();
            var tail = TailOf(context);
            return WriteJsonAsync(context, logs.Skip(Math.Max(0, logs.Count - tail)).ToList(), DashboardJsonContext.Api.IReadOnlyListStructuredLogView);
        });
        api.MapGet("/logs/stream", context => LogFilter(context) is { } filter
            ? StreamAsync(context, "log", token => FilteredLogsAsync(filter, token), DashboardJsonContext.Api.StructuredLogView)
            : WriteErrorAsync(context, StatusCodes.Status400BadRequest, UnknownLevel(context)));
        api.MapGet("/metrics", context =>
        {
            var resource = (string?)context.Request.Query["resource"];
            var metrics = Telemetry.Metrics().Where(m => string.IsNullOrEmpty(resource) || m.Resource == resource).ToList();
            return WriteJsonAsync(context, metrics, DashboardJsonContext.Api.IReadOnlyListTelemetryMetric);
        });
    }

    private async IAsyncEnumerable<StructuredLogView> FilteredLogsAsync(Func<TelemetryLog, bool> filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var log in Telemetry.WatchLogsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (filter(log))
            {
                yield return StructuredLogView.From(log);
            }
        }
    }

    private static string UnknownLevel(HttpContext context) =>
        $"Unknown level '{context.Request.Query["level"]}'; use Trace, Debug, Information, Warning, Error or Critical.";

    // ?resource=vote&level=Warning&q=text: one resource, at least that severity, the text in the message or an attribute;
    // null for an unknown level
    private static Func<TelemetryLog, bool>? LogFilter(HttpContext context)
    {
        var resource = (string?)context.Request.Query["resource"];
        var level = (string?)context.Request.Query["level"];
        // the lowest severity number of the named level (1 Trace … 21 Critical), from the decoder's own ranges
        var minimum = string.IsNullOrEmpty(level)
            ? 0
            : Enumerable.Range(1, 24).FirstOrDefault(n => OtlpDecoder.SeverityName(n) == level, -1);
        var text = (string?)context.Request.Query["q"];
        if (minimum < 0)
        {
            return null;
        }
        return log => (string.IsNullOrEmpty(resource) || log.Resource == resource)
            && log.SeverityNumber >= minimum
            && (string.IsNullOrEmpty(text)
                || log.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
                || log.Attributes.Values.Any(v => v.Contains(text, StringComparison.OrdinalIgnoreCase)));
    }

    private async Task ReceiveAsync(HttpContext context, Action<ReadOnlyMemory<byte>> store)
    {
        if (options.OtlpApiKey is { } key
            && !(context.Request.Headers[DashboardOptions.OtlpApiKeyHeader] is [{ } presented]
                && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key))))
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized,
                $"Missing or wrong {DashboardOptions.OtlpApiKeyHeader} header: the AppHost gives its resources the key in OTEL_EXPORTER_OTLP_HEADERS.").ConfigureAwait(false);
            return;
        }
        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            await WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{context.Request.ContentType}' is not accepted: send OTLP as application/x-protobuf (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).").ConfigureAwait(false);
            return;
        }
        if (context.Request.ContentLength > MaxOtlpRequestBytes)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"An OTLP request may be at most {MaxOtlpRequestBytes} bytes.").ConfigureAwait(false);
            return;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        if (buffer.Length > MaxOtlpRequestBytes)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"An OTLP request may be at most {MaxOtlpRequestBytes} bytes.").ConfigureAwait(false);
            return;
        }
        try
        {
            // decoded whole before anything is stored: a malformed request changes nothing
            store(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (InvalidDataException ex)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"Malformed OTLP request: {ex.Message}.").ConfigureAwait(false);
            return;
        }
        // an empty Export*ServiceResponse: everything was accepted
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
    }

    // the OTLP listener's port: the configured one, or a free one picked now (tests) so that it is known before listening
    private (IPAddress? Address, int Port)? OtlpListener()
    {
        if (options.Otlp is not { } otlp)
        {
            return null;
        }
        var port = otlp.Port != 0 ? otlp.Port : Orchestration.PortAllocator.GetFreePort();
        return (otlp.Host == "localhost" ? null : IPAddress.Parse(otlp.Host), port);
    }
}
