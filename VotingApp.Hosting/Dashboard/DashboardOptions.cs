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
/// login off.
/// </summary>
internal sealed record DashboardOptions(string Host, int Port, string? BrowserToken)
{
    /// <summary>The standalone Aspire dashboard's port.</summary>
    public const int DefaultPort = 18888;

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
        return new DashboardOptions(host, randomizePort ? 0 : port, token);
    }

    private static (string Host, int Port) ParseUrl(string? urls)
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
                $"ASPNETCORE_URLS is '{urls}'; the dashboard needs a plain http URL such as http://localhost:{DefaultPort} " +
                $"(set it in VotingApp.AppHost/Properties/launchSettings.json or pass --ASPNETCORE_URLS=http://localhost:<port>).");
        }
        // DnsSafeHost: an IPv6 address without its brackets ([::1] → ::1), as IPAddress and BaseUrl expect it
        var host = uri.DnsSafeHost;
        if (host != "localhost" && !IPAddress.TryParse(host, out _))
        {
            throw new DistributedApplicationException(
                $"ASPNETCORE_URLS is '{urls}'; the dashboard listens on localhost or an IP address, not on the host name '{host}'.");
        }
        return (host, uri.Port);
    }

    private static bool IsTrue(string? value) => bool.TryParse(value, out var b) && b;

    /// <summary>The URL a browser uses (the port once known).</summary>
    public Uri BaseUrl(int port) =>
        new(string.Create(CultureInfo.InvariantCulture, $"http://{(Host is "0.0.0.0" or "::" ? "localhost" : Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{port}/"));
}
