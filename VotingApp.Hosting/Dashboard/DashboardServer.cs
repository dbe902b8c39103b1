using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Primitives;
using VotingApp.Hosting.ApplicationModel;
using VotingApp.Hosting.Orchestration;

namespace VotingApp.Hosting.Dashboard;

/// <summary>
/// The run-mode dashboard (Aspire's, on <c>http://localhost:18888</c> by default): every resource with its state,
/// health, URLs and processes, live; each resource's console output, live; start, stop and restart.
/// </summary>
/// <remarks>
/// It runs inside the AppHost and reads the orchestrator's own services, so it needs no telemetry pipeline to show
/// what runs. The UI is one static page (no external scripts) fed by a JSON API and Server-Sent Events:
/// <c>GET /api/resources</c>, <c>GET /api/resources/stream</c>, <c>GET /api/resources/{name}/logs[/stream]</c>,
/// <c>POST /api/resources/{name}/commands/{command}</c>. Unless the auth mode is <c>Unsecured</c>, every page and API call
/// needs the browser token: the AppHost prints a <c>/login?t=…</c> URL that sets a same-site, HTTP-only cookie, so other
/// local users and other sites' pages can neither read the logs nor stop a resource.
/// </remarks>
internal sealed partial class DashboardServer(
    DashboardOptions options,
    ApplicationView application,
    IReadOnlyList<IResource> resources,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    ResourceCommandService commands) : IAsyncDisposable
{
    /// <summary>Most log lines one request returns or replays.</summary>
    public const int MaxLogLines = 5000;

    private const string CookieName = "votingapp_dashboard";
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] s_commands = [KnownResourceCommands.Start, KnownResourceCommands.Stop, KnownResourceCommands.Restart];

    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, IResource> _resources = resources
        .Where(r => r is not ParameterResource)
        .ToDictionary(r => r.Name, StringComparer.Ordinal);

    // the values of the secret parameters (passwords) and the OTLP API key: masked wherever a command line or variable holds one
    private readonly Lazy<string[]> _secrets = new(() =>
        [.. SecretParameters(resources).Select(SecretValue).Append(options.OtlpApiKey).OfType<string>().Where(v => v.Length > 0)]);
    private WebApplication? _app;

    /// <summary>Where the dashboard is, once started.</summary>
    public Uri? Url { get; private set; }

    /// <summary>The URL that logs a browser in (the same as <see cref="Url"/> when unsecured).</summary>
    public Uri? LoginUrl => Url is null ? null
        : options.BrowserToken is null ? Url
        : new Uri(Url, $"login?t={Uri.EscapeDataString(options.BrowserToken)}");

    /// <summary>Starts listening.</summary>
    /// <exception cref="DistributedApplicationException">The port is taken.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "VotingApp.Dashboard" });
        var otlp = OtlpListener();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxOtlpRequestBytes;
            if (otlp is { Address: null, Port: var localPort })
            {
                kestrel.ListenLocalhost(localPort);
            }
            else if (otlp is { Address: { } address, Port: var port })
            {
                kestrel.Listen(address, port);
            }
            if (options.Host == "localhost" && options.Port != 0)
            {
                kestrel.ListenLocalhost(options.Port);
            }
            else
            {
                kestrel.Listen(options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host), options.Port);
            }
        });
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        _otlpPort = otlp?.Port ?? 0;
        app.UseRouting();
        app.Use(SecurityHeadersAsync);
        app.Use(SeparatePortsAsync);
        Map(app);
        MapOtlp(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            var (port, setting) = otlp is { } o && ex.Message.Contains($":{o.Port}", StringComparison.Ordinal)
                ? (o.Port, "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL")
                : (options.Port, "ASPNETCORE_URLS");
            throw new DistributedApplicationException(
                $"Port {port} for the dashboard is already in use. Stop the program that listens there " +
                $"(ss -ltnp 'sport = :{port}' shows it) or choose another port: " +
                $"dotnet run --project VotingApp.AppHost -- --{setting}=http://localhost:<port>");
        }
        _app = app;
        var browserPort = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("://[::]", "://localhost", StringComparison.Ordinal)).Port)
            .First(p => p != _otlpPort);
        Url = options.BaseUrl(browserPort);
        OtlpUrl = otlp is { } listener ? options.OtlpUrl(listener.Port) : null;
    }

    /// <summary>Ends the live streams, then stops listening.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is { } app)
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_app is { } app)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/", context => IsSignedIn(context)
            ? DashboardAssets.WriteAsync(context, "index.html")
            : Redirect(context, "/login"));
        app.MapGet("/login", context => LoginAsync(context, context.Request.Query["t"]));
        app.MapPost("/login", async context =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            await LoginAsync(context, form["t"]).ConfigureAwait(false);
        });
        app.MapGet("/assets/{file}", context => DashboardAssets.WriteAsync(context, (string)context.Request.RouteValues["file"]!));

        var api = app.MapGroup("/api").AddEndpointFilter(async (invocation, next) =>
            IsSignedIn(invocation.HttpContext)
                ? await next(invocation).ConfigureAwait(false)
                : Results.Json(new ErrorView("Sign in first: open the dashboard URL the AppHost printed (it ends in /login?t=…)."),
                    DashboardJsonContext.Api.ErrorView, statusCode: StatusCodes.Status401Unauthorized));
        api.MapGet("/application", context => WriteJsonAsync(context, application with { ReceivesTelemetry = options.Otlp is not null },
            DashboardJsonContext.Api.ApplicationView));
        api.MapGet("/resources", context => WriteJsonAsync(context, CurrentViews(), DashboardJsonContext.Api.IReadOnlyListResourceView));
        api.MapGet("/resources/stream", StreamResourcesAsync);
        api.MapGet("/resources/{name}/logs", context => WithResource(context, resource =>
            WriteJsonAsync(context, Tail(logs.GetLogs(resource.Name), TailOf(context)).Select(LogLineView.From).ToList(),
                DashboardJsonContext.Api.IReadOnlyListLogLineView)));
        api.MapGet("/resources/{name}/logs/stream", context => WithResource(context, resource => StreamLogsAsync(context, resource)));
        api.MapPost("/resources/{name}/commands/{command}", context => WithResource(context, resource => CommandAsync(context, resource)));
        MapTelemetryApi(api);
    }

    private IReadOnlyList<ResourceView> CurrentViews()
    {
        var states = notifications.GetCurrentStates().ToDictionary(e => e.ResourceName, e => e.Snapshot, StringComparer.Ordinal);
        // the model's order (infrastructure first, as the AppHost declares it), not the order of the last change
        return [.. _resources.Values.Select(r => ResourceView.From(r, states.GetValueOrDefault(r.Name) ?? new ResourceSnapshot(), _secrets.Value))];
    }

    private Task StreamResourcesAsync(HttpContext context) =>
        StreamAsync(context, "resource", ResourceChangesAsync, DashboardJsonContext.Api.ResourceView);

    private Task StreamLogsAsync(HttpContext context, IResource resource)
    {
        var tail = TailOf(context);
        return StreamAsync(context, "log", token => LogLinesAsync(resource, tail, token), DashboardJsonContext.Api.LogLineView);
    }

    // every change of a shown resource (the stream opens with each one's current state)
    private async IAsyncEnumerable<ResourceView> ResourceChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_resources.TryGetValue(e.ResourceName, out var resource))
            {
                yield return ResourceView.From(resource, e.Snapshot, _secrets.Value);
            }
        }
    }

    // the newest kept lines first, then each new line as it is written
    private async IAsyncEnumerable<LogLineView> LogLinesAsync(IResource resource, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var skip = Math.Max(0, logs.GetLogs(resource.Name).Count - tail);
        await foreach (var line in logs.WatchAsync(resource.Name, cancellationToken).ConfigureAwait(false))
        {
            if (skip > 0)
            {
                skip--;
                continue;
            }
            yield return LogLineView.From(line);
        }
    }

    // Server-Sent Events until the browser leaves or the AppHost stops
    private async Task StreamAsync<T>(HttpContext context, string eventName, Func<CancellationToken, IAsyncEnumerable<T>> source, JsonTypeInfo<T> type)
    {
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            // the first MoveNextAsync subscribes (synchronously, up to its first wait) before the headers go out, so
            // whatever happens after the browser sees the response is in the stream
            var items = source(stream.Token).GetAsyncEnumerator(stream.Token);
            await using (items.ConfigureAwait(false))
            {
                var next = items.MoveNextAsync();
                try
                {
                    await context.Response.Body.FlushAsync(stream.Token).ConfigureAwait(false);
                }
                catch
                {
                    // the browser is gone: end the pending read before the enumerator is disposed
                    await stream.CancelAsync().ConfigureAwait(false);
                    try
                    {
                        await next.ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // expected
                    }
                    throw;
                }
                while (await next.ConfigureAwait(false))
                {
                    var json = JsonSerializer.Serialize(items.Current, type);
                    await context.Response.WriteAsync($"event: {eventName}\ndata: {json}\n\n", stream.Token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(stream.Token).ConfigureAwait(false);
                    next = items.MoveNextAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the browser left, or the AppHost is stopping
        }
    }

    private async Task CommandAsync(HttpContext context, IResource resource)
    {
        // a page of another origin may not drive the AppHost (the same-site cookie already keeps it out; this is the second lock)
        if (context.Request.Headers.Origin is [{ } origin] && !IsSameOrigin(context, origin))
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, $"Commands are accepted only from the dashboard itself, not from {origin}.")
                .ConfigureAwait(false);
            return;
        }
        var command = (string)context.Request.RouteValues["command"]!;
        if (!s_commands.Contains(command, StringComparer.Ordinal))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                $"Unknown command '{command}'; use {string.Join(", ", s_commands)}.").ConfigureAwait(false);
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        timeout.CancelAfter(s_commandTimeout);
        try
        {
            await commands.ExecuteCommandAsync(resource.Name, command, timeout.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            await WriteErrorAsync(context, StatusCodes.Status409Conflict, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (ArgumentException)
        {
            await WriteErrorAsync(context, StatusCodes.Status409Conflict, $"'{resource.Name}' is not a resource the AppHost runs.").ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await WriteErrorAsync(context, StatusCodes.Status504GatewayTimeout,
                $"'{command}' on '{resource.Name}' did not finish within {s_commandTimeout.TotalSeconds:0} s; its state shows how far it got.").ConfigureAwait(false);
            return;
        }
        var state = notifications.TryGetCurrentState(resource.Name, out var e) && e is not null ? e.Snapshot.State : KnownResourceStates.NotStarted;
        await WriteJsonAsync(context, new CommandResultView(resource.Name, command, state), DashboardJsonContext.Api.CommandResultView).ConfigureAwait(false);
    }

    private Task LoginAsync(HttpContext context, StringValues token)
    {
        if (options.BrowserToken is null)
        {
            return Redirect(context, "/");
        }
        if (StringValues.IsNullOrEmpty(token))
        {
            return DashboardAssets.WriteAsync(context, "login.html");
        }
        if (!TokenMatches(token.ToString()))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return DashboardAssets.WriteAsync(context, "login.html");
        }
        context.Response.Cookies.Append(CookieName, token.ToString(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        return Redirect(context, "/");
    }

    /// <summary>The secret parameters of the model: declared ones, and those its connection strings are made of (generated passwords).</summary>
    internal static IReadOnlyCollection<ParameterResource> SecretParameters(IEnumerable<IResource> resources)
    {
        var found = new HashSet<ParameterResource>();
        void Walk(IValueProvider provider)
        {
            switch (provider)
            {
                case ParameterResource { Secret: true } parameter:
                    found.Add(parameter);
                    break;
                case ReferenceExpression expression:
                    foreach (var part in expression.ValueProviders)
                    {
                        Walk(part);
                    }
                    break;
                case IResourceWithConnectionString withConnectionString:
                    Walk(withConnectionString.ConnectionStringExpression);
                    break;
            }
        }
        foreach (var resource in resources)
        {
            if (resource is IValueProvider provider)
            {
                Walk(provider);
            }
        }
        return found;
    }

    private static string? SecretValue(ParameterResource parameter)
    {
        try
        {
            return parameter.Value;
        }
        catch (DistributedApplicationException)
        {
            return null; // no value configured: nothing to hide (the resource that needs it could not start)
        }
    }

    private bool IsSignedIn(HttpContext context) =>
        options.BrowserToken is null || (context.Request.Cookies[CookieName] is { } cookie && TokenMatches(cookie));

    private bool TokenMatches(string candidate) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(options.BrowserToken!));

    private static bool IsSameOrigin(HttpContext context, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && uri.Scheme == context.Request.Scheme;

    private Task WithResource(HttpContext context, Func<IResource, Task> handler)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        return _resources.TryGetValue(name, out var resource)
            ? handler(resource)
            : WriteErrorAsync(context, StatusCodes.Status404NotFound,
                $"No resource named '{name}'; the resources are {string.Join(", ", _resources.Keys)}.");
    }

    private static int TailOf(HttpContext context) =>
        int.TryParse(context.Request.Query["tail"], out var tail) ? Math.Clamp(tail, 0, MaxLogLines) : 1000;

    private static IEnumerable<LogLine> Tail(IReadOnlyList<LogLine> lines, int count) => lines.Skip(Math.Max(0, lines.Count - count));

    private static Task SecurityHeadersAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        // the login URL carries the token: never send it on as a referrer
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        return next(context);
    }

    private static Task WriteJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type) =>
        context.Response.WriteAsJsonAsync(value, type, contentType: null, context.RequestAborted);

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        return WriteJsonAsync(context, new ErrorView(message), DashboardJsonContext.Api.ErrorView);
    }

    private static Task Redirect(HttpContext context, string location)
    {
        context.Response.Redirect(location);
        return Task.CompletedTask;
    }
}
