namespace VotingApp.Seed;

/// <summary>Where the services are: options first, then what the AppHost injects (<c>services__vote__http__0</c>, <c>ConnectionStrings__cache</c>).</summary>
internal static class Endpoints
{
    public static Uri Vote(string? option) => Resolve(option, "services__vote__http__0", "http://localhost:8080", "--vote-url");

    public static Uri Result(string? option) => Resolve(option, "services__result__http__0", "http://localhost:8081", "--result-url");

    public static string Redis(string? option) =>
        option ?? Environment.GetEnvironmentVariable("ConnectionStrings__cache")
        ?? throw new ArgumentException("No Redis connection: pass --redis \"host:port,password=…\" (or run under the AppHost, which sets ConnectionStrings__cache).");

    private static Uri Resolve(string? option, string variable, string fallback, string name)
    {
        var value = option ?? Environment.GetEnvironmentVariable(variable) ?? fallback;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"{name} '{value}' is not an http(s) URL.");
    }
}
