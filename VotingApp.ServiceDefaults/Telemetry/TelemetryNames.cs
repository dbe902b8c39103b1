namespace VotingApp.ServiceDefaults;

/// <summary>The activity sources and meters every service subscribes to (names accept a trailing <c>*</c>).</summary>
public static class TelemetryNames
{
    /// <summary>Prefix of the application's own sources and meters (<c>VotingApp.Vote</c>, <c>VotingApp.Queue</c>, …).</summary>
    public const string ApplicationPrefix = "VotingApp.*";

    /// <summary>ASP.NET Core's server activity source (the request span, <c>Microsoft.AspNetCore.Hosting.HttpRequestIn</c>).</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    /// <summary>Built-in activity sources: ASP.NET Core, HttpClient, Npgsql, and the application's own.</summary>
    public static readonly IReadOnlyList<string> Sources = [AspNetCoreSource, "System.Net.Http", "Npgsql", ApplicationPrefix];

    /// <summary>Built-in meters: ASP.NET Core (hosting, Kestrel, routing, …), HttpClient, runtime, Npgsql, and the application's own.</summary>
    public static readonly IReadOnlyList<string> Meters =
        ["Microsoft.AspNetCore.*", "System.Net.Http", "System.Net.NameResolution", "System.Runtime", "Npgsql", ApplicationPrefix];

    /// <summary>Paths whose requests are never traced (probes and scrapes would drown the real traffic).</summary>
    public static readonly IReadOnlyList<string> UntracedPaths = ["/health", "/alive", "/metrics"];
}
