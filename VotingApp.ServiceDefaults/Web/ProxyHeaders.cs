using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VotingApp.ServiceDefaults.Web;

/// <summary>
/// A page-serving service behind a reverse proxy: <c>X-Forwarded-Proto</c>, <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Prefix</c> are honoured from configured proxies only, the service can be published under a path
/// prefix, and HSTS is sent when enabled. Settings (environment variables in brackets):
/// <list type="bullet">
/// <item><c>ForwardedHeaders:KnownNetworks</c> (<c>ForwardedHeaders__KnownNetworks</c>): CIDRs such as
/// <c>10.0.0.0/8</c>, separated by commas or semicolons. Default: none.</item>
/// <item><c>ForwardedHeaders:KnownProxies</c> (<c>ForwardedHeaders__KnownProxies</c>): single IP addresses, same
/// separators. Default: none.</item>
/// <item><c>PathBase</c> (<c>PathBase</c> or <c>ASPNETCORE_PATHBASE</c>): the path prefix the service is published
/// under, such as <c>/vote</c>, for a proxy that does not send <c>X-Forwarded-Prefix</c>. A request whose path starts
/// with it has it moved to <see cref="Microsoft.AspNetCore.Http.HttpRequest.PathBase"/> (a proxy that keeps the
/// prefix); any other request is taken as already stripped by the proxy and gets it as its path base too. Pages build
/// every URL from the path base. Default: none. An <c>X-Forwarded-Prefix</c> from a trusted proxy wins over it.</item>
/// <item><c>Hsts:Enabled</c> (default false), <c>Hsts:MaxAgeSeconds</c> (default 31536000, one year),
/// <c>Hsts:IncludeSubDomains</c> (default false).</item>
/// </list>
/// With neither list set, forwarded headers are ignored from everyone — even with
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>, which Aspire's published environment sets and which on its own
/// trusts any sender (anyone could then claim HTTPS or any client address).
/// </summary>
public static class ProxyHeaders
{
    /// <summary>The configuration section of the trusted proxies.</summary>
    public const string ForwardedHeadersSection = "ForwardedHeaders";

    /// <summary>The configuration section of HSTS.</summary>
    public const string HstsSection = "Hsts";

    /// <summary>The setting of the path prefix the service is published under (<c>/vote</c>); none by default.</summary>
    public const string PathBaseKey = "PathBase";

    /// <summary>Default <c>max-age</c> of <c>Strict-Transport-Security</c>, in seconds (one year).</summary>
    public const int DefaultHstsMaxAgeSeconds = 31_536_000;

    // the framework's own switch (ASPNETCORE_FORWARDEDHEADERS_ENABLED with its prefix removed): when "true", a startup
    // filter already puts UseForwardedHeaders first in the pipeline
    private const string FrameworkSwitch = "ForwardedHeaders_Enabled";

    private static readonly char[] s_separators = [',', ';'];

    /// <summary>
    /// Registers the trusted proxies and HSTS options from configuration. Throws <see cref="InvalidOperationException"/>
    /// at startup, naming the setting, when an entry is not a CIDR (networks) or an IP address (proxies), when
    /// <c>PathBase</c> is not a path such as <c>/vote</c>, or when <c>Hsts:MaxAgeSeconds</c> is negative.
    /// </summary>
    public static IHostApplicationBuilder AddProxyHeaders(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(ForwardedHeadersSection);
        var networks = Split(section["KnownNetworks"])
            .Select(text => System.Net.IPNetwork.TryParse(text, out var network) ? network
                : throw new InvalidOperationException($"{ForwardedHeadersSection}:KnownNetworks: '{text}' is not a CIDR network such as 10.0.0.0/8."))
            .ToArray();
        var proxies = Split(section["KnownProxies"])
            .Select(text => IPAddress.TryParse(text, out var address) ? address
                : throw new InvalidOperationException($"{ForwardedHeadersSection}:KnownProxies: '{text}' is not an IP address."))
            .ToArray();

        // PostConfigure: runs after the framework's setup, which, when its switch is on, empties both lists, and
        // empty lists mean "trust everyone" to the middleware
        builder.Services.PostConfigure<ForwardedHeadersOptions>(options =>
        {
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            if (networks.Length == 0 && proxies.Length == 0)
            {
                options.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }
            // X-Forwarded-Prefix (a prefix-stripping proxy saying what it stripped) becomes the request's PathBase
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedPrefix;
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }
        });

        _ = ConfiguredPathBase(builder.Configuration);

        var hsts = builder.Configuration.GetSection(HstsSection);
        var maxAge = hsts.GetValue("MaxAgeSeconds", DefaultHstsMaxAgeSeconds);
        if (maxAge < 0)
        {
            throw new InvalidOperationException($"{HstsSection}:MaxAgeSeconds must be zero or more (seconds); it is {maxAge}.");
        }
        var includeSubDomains = hsts.GetValue("IncludeSubDomains", false);
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromSeconds(maxAge);
            options.IncludeSubDomains = includeSubDomains;
        });
        return builder;
    }

    /// <summary>
    /// Applies forwarded headers (when proxies are configured and the framework has not already put the middleware
    /// first), then the configured <c>PathBase</c>, then HSTS when <c>Hsts:Enabled</c>, and then routing, so that
    /// endpoints match the path without its prefix. HSTS goes out on HTTPS requests only (as seen after the forwarded
    /// headers) and never for localhost names. Call before anything that reads the scheme, the client address or the path.
    /// </summary>
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var configuration = app.Configuration;
        var frameworkFirst = string.Equals("true", configuration[FrameworkSwitch], StringComparison.OrdinalIgnoreCase);
        var section = configuration.GetSection(ForwardedHeadersSection);
        var configured = Split(section["KnownNetworks"]).Length > 0 || Split(section["KnownProxies"]).Length > 0;
        if (configured && !frameworkFirst)
        {
            // once only: a second pass would take the next X-Forwarded-For entry, written by the client, for a proxy hop
            app.UseForwardedHeaders();
        }
        if (ConfiguredPathBase(configuration) is { HasValue: true } pathBase)
        {
            app.Use((context, next) =>
            {
                var request = context.Request;
                // a prefix a trusted proxy forwarded is the truth; otherwise the configured one, stripped or not
                if (!request.PathBase.HasValue)
                {
                    request.PathBase = pathBase;
                    if (request.Path.StartsWithSegments(pathBase, out var remaining))
                    {
                        request.Path = remaining.HasValue ? remaining : "/";
                    }
                }
                return next(context);
            });
        }
        if (configuration.GetSection(HstsSection).GetValue("Enabled", false))
        {
            app.UseHsts();
        }
        // explicit, so that it runs after the path base is set: WebApplication otherwise routes first, on the full path
        app.UseRouting();
        return app;
    }

    /// <summary>
    /// The prefix to put before every root-relative URL a page of <paramref name="request"/> links to: its path base,
    /// URL-escaped, without a trailing <c>/</c> (<c>""</c> at the root, <c>/vote</c> behind a proxy publishing the
    /// service there). Pages build their links from it, so they work under any prefix set by <c>PathBase</c> or a
    /// trusted proxy's <c>X-Forwarded-Prefix</c>.
    /// </summary>
    public static string LinkPrefix(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.PathBase.HasValue ? request.PathBase.ToUriComponent().TrimEnd('/') : string.Empty;
    }

    /// <summary>
    /// <c>PathBase</c> from <paramref name="configuration"/>: empty when unset or <c>/</c>; a trailing <c>/</c> is
    /// dropped. Throws <see cref="InvalidOperationException"/> unless it starts with <c>/</c> and has no query,
    /// fragment, <c>.</c> or <c>..</c> segment.
    /// </summary>
    public static PathString ConfiguredPathBase(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[PathBaseKey]?.Trim();
        if (string.IsNullOrEmpty(text) || text == "/")
        {
            return PathString.Empty;
        }
        var trimmed = text.TrimEnd('/');
        if (!trimmed.StartsWith('/') || trimmed.IndexOfAny(['?', '#', '\\']) >= 0
            || trimmed.Split('/').Skip(1).Any(segment => segment is "" or "." or ".."))
        {
            throw new InvalidOperationException(
                $"{PathBaseKey}: '{text}' is not a path prefix such as /vote (it must start with '/', with no empty, '.' or '..' segment, query or fragment).");
        }
        return new PathString(trimmed);
    }

    private static string[] Split(string? list) =>
        list?.Split(s_separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
