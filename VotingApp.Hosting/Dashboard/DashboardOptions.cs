using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace VotingApp.Hosting.Dashboard;

/// <summary>
/// Where the dashboard listens and who may use it, read from the AppHost's configuration with Aspire's keys:
/// the URL is the AppHost's <c>ASPNETCORE_URLS</c> (its launch profile's <c>applicationUrl</c>), default
/// <c>http://localhost:18888</c>; the browser token is <c>AppHost:BrowserToken</c>, new for each run when unset;
/// <c>Dashboard:Frontend:AuthMode=Unsecured</c> (or <c>ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true</c>) turns the
/// login off. It receives the services' telemetry over OTLP/HTTP (protobuf) at
/// <c>ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL</c> when that is set, behind the API key <c>Dashboard:Otlp:PrimaryApiKey</c>
/// (new for each run when unset; none with <c>Dashboard:Otlp:AuthMode=Unsecured</c> or anonymous access), keeping the
/// newest <c>Dashboard:TelemetryLimits:MaxTraceCount</c> traces and <c>MaxLogCount</c> log records (10,000 each).
/// </summary>
internal sealed record DashboardOptions(string Host, int Port, string? BrowserToken)
{
    /// <summary>The standalone Aspire dashboard's port.</summary>
    public const int DefaultPort = 18888;

    /// <summary>The header that carries the OTLP API key (Aspire's).</summary>
    public const string OtlpApiKeyHeader = "x-otlp-api-key";

    /// <summary>The OTLP/HTTP listener (host and port), or null when the dashboard receives no telemetry.</summary>
    public (string Host, int Port)? Otlp { get; init; }

    /// <summary>The key OTLP senders must present, or null (unsecured).</summary>
    public string? OtlpApiKey { get; init; }

    /// <summary>Most traces kept (the oldest go first).</summary>
    public int MaxTraces { get; init; } = 10_000;

    /// <summary>Most structured log records kept.</summary>
    public int MaxLogs { get; init; } = 10_000;

    /// <summary>Reads the options; <paramref name="randomizePort"/> (tests) takes any free port.</summary>
    /// <exception cref="DistributedApplicationException">The URL is not a plain http URL.</exception>
    public static DashboardOptions FromConfiguration(IConfiguration configuration, bool randomizePort)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var (host, port) = ParseUrl(configuration["ASPNETCORE_URLS"]);
        var unsecured =
            string.Equals(configuration["Dashboard:Frontend:AuthMode"], "Unsecured", StringComparison.OrdinalIgnoreCase)
            || IsTrue(configuration["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"])
            || IsTrue(configuration["DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"]);
        var token = unsecured
            ? null
            : configuration["AppHost:BrowserToken"] is { Length: > 0 } configured
                ? configured
                : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var otlpUrl = configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] ?? configuration["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"];
        (string Host, int Port)? otlp = null;
        if (!string.IsNullOrWhiteSpace(otlpUrl))
        {
            var (otlpHost, otlpPort) = ParseUrl(otlpUrl, "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "http://localhost:18890");
            otlp = (otlpHost, randomizePort ? 0 : otlpPort);
        }
        var otlpUnsecured = unsecured || string.Equals(configuration["Dashboard:Otlp:AuthMode"], "Unsecured", StringComparison.OrdinalIgnoreCase);
        return new DashboardOptions(host, randomizePort ? 0 : port, token)
        {
            Otlp = otlp,
            OtlpApiKey = otlp is null || otlpUnsecured
                ? null
                : configuration["Dashboard:Otlp:PrimaryApiKey"] is { Length: > 0 } key ? key : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            MaxTraces = Limit(configuration, "MaxTraceCount"),
            MaxLogs = Limit(configuration, "MaxLogCount"),
        };
    }

    private static int Limit(IConfiguration configuration, string name)
    {
        var value = configuration[$"Dashboard:TelemetryLimits:{name}"];
        if (value is null)
        {
            return 10_000;
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? limit
            : throw new DistributedApplicationException($"Dashboard:TelemetryLimits:{name} is '{value}'; it must be a positive whole number.");
    }

    private static (string Host, int Port) ParseUrl(string? urls) => ParseUrl(urls, "ASPNETCORE_URLS", $"http://localhost:{DefaultPort}");

    private static (string Host, int Port) ParseUrl(string? urls, string setting, string example)
    {
        // ASPNETCORE_URLS may list several URLs; the dashboard takes the first
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return ("localhost", DefaultPort);
        }
        // wildcard hosts (http://*:18888, http://+:18888) are not valid URIs
        var normalized = first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
        {
            throw new DistributedApplicationException(
                $"{setting} is '{urls}'; the dashboard needs a plain http URL such as {example} " +
                $"(set it in VotingApp.AppHost/Properties/launchSettings.json or pass --{setting}=http://localhost:<port>).");
        }
        // DnsSafeHost: an IPv6 address without its brackets ([::1] → ::1), as IPAddress and BaseUrl expect it
        var host = uri.DnsSafeHost;
        if (host != "localhost" && !IPAddress.TryParse(host, out _))
        {
            throw new DistributedApplicationException(
                $"{setting} is '{urls}'; the dashboard listens on localhost or an IP address, not on the host name '{host}'.");
        }
        return (host, uri.Port);
    }

    private static bool IsTrue(string? value) => bool.TryParse(value, out var b) && b;

    /// <summary>The URL a browser uses (the port once known).</summary>
    public Uri BaseUrl(int port) => UrlFor(Host, port);

    /// <summary>The URL of the OTLP endpoint (the port once known), as the services' OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public Uri? OtlpUrl(int port) => Otlp is { } otlp ? new Uri(UrlFor(otlp.Host, port).ToString().TrimEnd('/')) : null;

    private static Uri UrlFor(string host, int port) =>
        new(string.Create(CultureInfo.InvariantCulture, $"http://{(host is "0.0.0.0" or "::" ? "localhost" : host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}/"));
}
