using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace VotingApp.ServiceDefaults;

/// <summary>
/// What the ASP.NET Core instrumentation package would add to the server span, which here carries no tags: method,
/// scheme, path, route, status code, a <c>"{method} {route}"</c> display name and an error status for 5xx. Probe and
/// scrape requests (<see cref="TelemetryNames.UntracedPaths"/>) are taken out of the trace: neither they nor their
/// children are recorded. Costs nothing unless a tracer samples the request.
/// </summary>
internal static class HttpServerTracing
{
    /// <summary>The middleware (first in the pipeline).</summary>
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var activity = Activity.Current;
        if (activity is null || !activity.IsAllDataRequested || activity.Kind != ActivityKind.Server
            || activity.Source.Name != TelemetryNames.AspNetCoreSource)
        {
            return next(context);
        }
        var path = context.Request.Path;
        if (IsUntraced(path))
        {
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            return next(context);
        }
        var request = context.Request;
        activity.SetTag("http.request.method", NormalizeMethod(request.Method));
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", path.Value);
        activity.SetTag("server.address", request.Host.Host);
        if (request.Host.Port is { } port)
        {
            activity.SetTag("server.port", port);
        }
        activity.SetTag("network.protocol.version", ProtocolVersion(request.Protocol));
        return CompleteAsync(context, next, activity);
    }

    /// <summary>Whether requests to <paramref name="path"/> are left out of traces.</summary>
    public static bool IsUntraced(PathString path)
    {
        foreach (var untraced in TelemetryNames.UntracedPaths)
        {
            if (path.Equals(untraced, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static async Task CompleteAsync(HttpContext context, RequestDelegate next, Activity activity)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity.SetTag("error.type", ex.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, ex.Message);
            Finish(context, activity, StatusCodes.Status500InternalServerError);
            throw;
        }
        Finish(context, activity, context.Response.StatusCode);
    }

    private static void Finish(HttpContext context, Activity activity, int status)
    {
        var method = NormalizeMethod(context.Request.Method);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        if (route is not null)
        {
            activity.SetTag("http.route", route);
            activity.DisplayName = method + " " + route;
        }
        else
        {
            activity.DisplayName = method;
        }
        activity.SetTag("http.response.status_code", status);
        if (status >= 500)
        {
            activity.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static string NormalizeMethod(string method) => method switch
    {
        "GET" => "GET",
        "POST" => "POST",
        "HEAD" => "HEAD",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "OPTIONS" => "OPTIONS",
        "TRACE" => "TRACE",
        "CONNECT" => "CONNECT",
        _ => "_OTHER",
    };

    private static string ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        "HTTP/1.0" => "1.0",
        _ => protocol,
    };
}
