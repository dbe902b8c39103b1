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

    /// <summary><c>GET /</c>: the page with the current split, ready without JavaScript.</summary>
    public Task GetPageAsync(HttpContext context)
    {
        var html = Encoding.UTF8.GetBytes(ResultPage.Render(labels, assets, broadcaster.Current));
        return WriteAsync(context, s_html, html);
    }

    /// <summary><c>GET /api/results</c>: the current tally as JSON.</summary>
    public Task GetResultsAsync(HttpContext context) => WriteAsync(context, s_json, broadcaster.Current.Utf8Json);

    /// <summary><c>GET /api/results/stream</c>: the tally now, then on every change (event <c>results</c>).</summary>
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
