using VotingApp.Queue;
using VotingApp.ServiceDefaults.Web;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace VotingApp.Result;

/// <summary>
/// The result service's HTTP surface as plain request delegates: <c>GET /</c> (page), <c>GET /api/results</c> (JSON)
/// and <c>GET /api/results/stream</c> (Server-Sent Events). All of them answer from memory.
/// </summary>
internal sealed class ResultEndpoints(ResultBroadcaster broadcaster, OptionLabels labels, PageAssets assets)
{
    private static readonly StringValues s_json = "application/json; charset=utf-8";
    private static readonly StringValues s_html = "text/html; charset=utf-8";
    private static readonly StringValues s_noStore = "no-store";
    private static readonly StringValues s_noBuffering = "no";
    private static readonly StringValues s_problemJson = "application/problem+json; charset=utf-8";

    /// <summary>Seconds a client is asked to wait (<c>Retry-After</c>) while the tally is unknown.</summary>
    public const int RetryAfterSeconds = 2;

    private static readonly StringValues s_retryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // RFC 9457 problem details, fixed text: written once, no serializer on this path
    private static readonly byte[] s_unknownProblem = Encoding.UTF8.GetBytes(
        "{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.6.4\",\"title\":\"Service Unavailable\",\"status\":503," +
        "\"detail\":\"This result instance has not read the results from the database yet. Try again in a few seconds.\"}");

    /// <summary>Maps the endpoints and the static assets.</summary>
    public static void Map(WebApplication app)
    {
        var endpoints = app.Services.GetRequiredService<ResultEndpoints>();
        string[] getOrHead = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", getOrHead, endpoints.GetPageAsync);
        app.MapMethods("/api/results", getOrHead, endpoints.GetResultsAsync);
        app.MapGet("/api/results/stream", endpoints.GetStreamAsync);
        foreach (var asset in app.Services.GetRequiredService<PageAssets>().All)
        {
            app.MapMethods(asset.Path, getOrHead, asset.WriteAsync);
        }
    }

    /// <summary>
    /// <c>GET /</c>: the page with the current split, ready without JavaScript; while the tally is unknown, the page
    /// without numbers, saying it is connecting (the script fills it in from the stream).
    /// </summary>
    public Task GetPageAsync(HttpContext context)
    {
        var html = Encoding.UTF8.GetBytes(ResultPage.Render(labels, assets, broadcaster.Current, ProxyHeaders.LinkPrefix(context.Request)));
        return WriteAsync(context, s_html, html);
    }

    /// <summary>
    /// <c>GET /api/results</c>: the current tally as JSON (<see cref="TallySnapshot"/>). Until this instance has read the
    /// tally once: 503 with <c>Retry-After</c> (<see cref="RetryAfterSeconds"/>) and a problem details body, never a
    /// made-up zero.
    /// </summary>
    public Task GetResultsAsync(HttpContext context)
    {
        if (broadcaster.Current is { } current)
        {
            return WriteAsync(context, s_json, current.Utf8Json);
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = s_retryAfter;
        return WriteAsync(context, s_problemJson, s_unknownProblem);
    }

    /// <summary>
    /// <c>GET /api/results/stream</c>: the tally now, then on every change (event <c>results</c>); while the tally is
    /// unknown only keep-alives until the first read.
    /// </summary>
    public Task GetStreamAsync(HttpContext context)
    {
        // the result sets Cache-Control itself; this keeps reverse proxies (nginx) from buffering the stream
        context.Response.Headers["X-Accel-Buffering"] = s_noBuffering;
        return TypedResults.ServerSentEvents(broadcaster.StreamAsync(context.RequestAborted)).ExecuteAsync(context);
    }

    private static Task WriteAsync(HttpContext context, StringValues contentType, byte[] body)
    {
        var response = context.Response;
        response.Headers.ContentType = contentType;
        response.Headers.CacheControl = s_noStore;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
