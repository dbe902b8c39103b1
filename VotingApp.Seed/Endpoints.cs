using Microsoft.Extensions.Configuration;

namespace VotingApp.Seed;

/// <summary>
/// Where the services are: the options first; else, when the tool runs as an Aspire resource (the AppHost sets
/// <c>services__vote__http__0</c>, <c>services__result__http__0</c>, <c>ConnectionStrings__cache</c>), the logical
/// names <c>http://vote</c> and <c>http://result</c>, which service discovery resolves. There is no default host: run on
/// its own, the tool must be told where to go.
/// </summary>
internal static class Endpoints
{
    /// <summary>The one-line usage printed when the tool runs on its own without the services' URLs.</summary>
    public const string Usage =
        "usage: VotingApp.Seed [seed|bench|latency|drain|viewers] --vote-url http://host:port --result-url http://host:port"
        + " (as an Aspire resource the AppHost sets services__vote__http__0 and services__result__http__0)";

    public static Uri Vote(string? option, IConfiguration configuration) => Resolve(option, configuration, "vote", "--vote-url");

    public static Uri Result(string? option, IConfiguration configuration) => Resolve(option, configuration, "result", "--result-url");

    public static string Redis(string? option, IConfiguration configuration) =>
        option ?? configuration.GetConnectionString("cache")
        ?? throw new ArgumentException("no Redis connection: pass --redis \"host:port,password=…\" (as an Aspire resource the AppHost sets ConnectionStrings__cache)");

    private static Uri Resolve(string? option, IConfiguration configuration, string service, string name)
    {
        if (option is null)
        {
            return configuration.GetSection($"services:{service}:http").Exists()
                ? new Uri($"http://{service}")
                : throw new UsageException(Usage);
        }
        return Uri.TryCreate(option, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"{name} '{option}' is not an http(s) URL");
    }
}

/// <summary>The command line lacks what the tool needs; the message is the one-line <see cref="Endpoints.Usage"/>.</summary>
internal sealed class UsageException(string usage) : ArgumentException(usage);
