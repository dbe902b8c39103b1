using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP collector for tests, in the place of Aspire's dashboard (which does not run under
/// Aspire.Hosting.Testing): Kestrel on a free loopback port taking <c>application/x-protobuf</c> on <c>/v1/traces</c>,
/// <c>/v1/metrics</c> and <c>/v1/logs</c>, decoded into plain records.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
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
                        record.Hex(9),
                        (int)record.Number(2)));
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

/// <summary>
/// One log record as received over OTLP. <paramref name="SeverityNumber"/> is OTLP's: 9–12 information, 13–16 warning,
/// 17–20 error, 21–24 fatal (.NET's Critical).
/// </summary>
public sealed record ReceivedLog(string Service, string Body, Dictionary<string, string> Attributes, string TraceId, int SeverityNumber)
{
    /// <summary>OTLP's first error severity (ERROR).</summary>
    public const int Error = 17;
}

/// <summary>
/// Just enough protobuf to read OTLP export requests: a message is the list of its fields, each a varint, a fixed
/// 32/64-bit value, or length-delimited bytes (strings, bytes and sub-messages). Malformed input throws.
/// </summary>
internal sealed class ProtoReader
{
    private readonly List<(int Field, int WireType, ulong Number, ReadOnlyMemory<byte> Bytes)> _fields = [];

    public static ProtoReader Parse(ReadOnlyMemory<byte> data)
    {
        var reader = new ProtoReader();
        var span = data.Span;
        var position = 0;
        while (position < span.Length)
        {
            var key = ReadVarint(span, ref position);
            var field = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    reader._fields.Add((field, wireType, ReadVarint(span, ref position), default));
                    break;
                case 1:
                    reader._fields.Add((field, wireType, BinaryPrimitives.ReadUInt64LittleEndian(span.Slice(position, 8)), default));
                    position += 8;
                    break;
                case 2:
                    var length = checked((int)ReadVarint(span, ref position));
                    reader._fields.Add((field, wireType, 0, data.Slice(position, length)));
                    position += length;
                    break;
                case 5:
                    reader._fields.Add((field, wireType, BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(position, 4)), default));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"unsupported wire type {wireType}");
            }
        }
        return reader;
    }

    public IEnumerable<ProtoReader> Messages(int field) =>
        _fields.Where(f => f.Field == field && f.WireType == 2).Select(f => Parse(f.Bytes)).ToList();

    public ProtoReader? Message(int field) => Messages(field).FirstOrDefault();

    public string String(int field) =>
        _fields.Where(f => f.Field == field && f.WireType == 2).Select(f => Encoding.UTF8.GetString(f.Bytes.Span)).FirstOrDefault() ?? string.Empty;

    public string Hex(int field) =>
        _fields.Where(f => f.Field == field && f.WireType == 2).Select(f => Convert.ToHexStringLower(f.Bytes.Span)).FirstOrDefault() ?? string.Empty;

    public ulong Number(int field) => _fields.Where(f => f.Field == field && f.WireType != 2).Select(f => f.Number).FirstOrDefault();

    /// <summary>An OTLP <c>KeyValue</c> list as text.</summary>
    public Dictionary<string, string> Attributes(int field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Messages(field))
        {
            result[pair.String(1)] = pair.Message(2) is { } value ? AnyValue(value) : string.Empty;
        }
        return result;
    }

    /// <summary>An OTLP <c>AnyValue</c> as text: string, bool, int or double.</summary>
    public static string AnyValue(ProtoReader value)
    {
        foreach (var (field, _, number, bytes) in value._fields)
        {
            return field switch
            {
                2 => number != 0 ? "true" : "false",
                3 => ((long)number).ToString(CultureInfo.InvariantCulture),
                4 => BitConverter.UInt64BitsToDouble(number).ToString(CultureInfo.InvariantCulture),
                _ => Encoding.UTF8.GetString(bytes.Span),
            };
        }
        return string.Empty;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = span[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new InvalidDataException("varint too long");
    }
}
