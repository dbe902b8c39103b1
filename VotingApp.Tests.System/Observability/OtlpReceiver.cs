using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VotingApp.Hosting.Dashboard.Telemetry;

namespace VotingApp.Tests.Observability;

/// <summary>
/// An OTLP/HTTP collector for tests: Kestrel on a free loopback port taking <c>application/x-protobuf</c> on
/// <c>/v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c>, decoded into plain records.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = string.Empty;

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public ConcurrentQueue<ReceivedMetric> Metrics { get; } = new();

    public ConcurrentQueue<ReceivedLog> Logs { get; } = new();

    public ConcurrentQueue<string> ContentTypes { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", context => receiver.ReceiveAsync(context, receiver.AddTraces));
        app.MapPost("/v1/metrics", context => receiver.ReceiveAsync(context, receiver.AddMetrics));
        app.MapPost("/v1/logs", context => receiver.ReceiveAsync(context, receiver.AddLogs));
        await app.StartAsync();
        receiver.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context, Action<ProtoReader> add)
    {
        ContentTypes.Enqueue(context.Request.ContentType ?? string.Empty);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        add(ProtoReader.Parse(buffer.ToArray()));
        context.Response.ContentType = "application/x-protobuf";
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private void AddTraces(ProtoReader request)
    {
        foreach (var resourceSpans in request.Messages(1))
        {
            var resource = resourceSpans.Message(1)?.Attributes(1) ?? [];
            foreach (var scopeSpans in resourceSpans.Messages(2))
            {
                var scope = scopeSpans.Message(1)?.String(1) ?? string.Empty;
                foreach (var span in scopeSpans.Messages(2))
                {
                    Spans.Enqueue(new ReceivedSpan(
                        resource.GetValueOrDefault("service.name", string.Empty),
                        scope,
                        span.Hex(1),
                        span.Hex(2),
                        span.Hex(4),
                        span.String(5),
                        (int)span.Number(6),
                        span.Attributes(9),
                        [.. span.Messages(13).Select(link => (link.Hex(1), link.Hex(2)))]));
                }
            }
        }
    }

    private void AddMetrics(ProtoReader request)
    {
        foreach (var resourceMetrics in request.Messages(1))
        {
            var resource = resourceMetrics.Message(1)?.Attributes(1) ?? [];
            foreach (var scopeMetrics in resourceMetrics.Messages(2))
            {
                var scope = scopeMetrics.Message(1)?.String(1) ?? string.Empty;
                foreach (var metric in scopeMetrics.Messages(2))
                {
                    Metrics.Enqueue(new ReceivedMetric(resource.GetValueOrDefault("service.name", string.Empty), scope, metric.String(1), metric.String(3)));
                }
            }
        }
    }

    private void AddLogs(ProtoReader request)
    {
        foreach (var resourceLogs in request.Messages(1))
        {
            var resource = resourceLogs.Message(1)?.Attributes(1) ?? [];
            foreach (var scopeLogs in resourceLogs.Messages(2))
            {
                foreach (var record in scopeLogs.Messages(2))
                {
                    Logs.Enqueue(new ReceivedLog(
                        resource.GetValueOrDefault("service.name", string.Empty),
                        record.Message(5) is { } body ? ProtoReader.AnyValue(body) : string.Empty,
                        record.Attributes(6),
                        record.Hex(9)));
                }
            }
        }
    }
}

/// <summary>One span as received over OTLP (ids in lower-case hex).</summary>
public sealed record ReceivedSpan(
    string Service,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    Dictionary<string, string> Attributes,
    IReadOnlyList<(string TraceId, string SpanId)> Links);

/// <summary>One metric's identity as received over OTLP.</summary>
public sealed record ReceivedMetric(string Service, string Scope, string Name, string Unit);

/// <summary>One log record as received over OTLP.</summary>
public sealed record ReceivedLog(string Service, string Body, Dictionary<string, string> Attributes, string TraceId);
