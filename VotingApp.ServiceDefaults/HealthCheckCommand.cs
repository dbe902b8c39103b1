namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>&lt;service&gt; --healthcheck &lt;url&gt;</c>: GETs the URL and exits 0 on a 2xx answer, 1 otherwise, without starting the
/// web host. Container healthchecks use it because chiseled images have no shell, curl or wget.
/// </summary>
public static class HealthCheckCommand
{
    /// <summary>The option name.</summary>
    public const string Option = "--healthcheck";

    /// <summary>Null when <paramref name="args"/> do not ask for a health check; otherwise the process exit code.</summary>
    public static int? TryRun(string[] args, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] != Option)
        {
            return null;
        }
        error ??= Console.Error;
        if (args.Length != 2 || !Uri.TryCreate(args[1], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            error.WriteLine($"usage: {Option} <http(s) url>, e.g. {Option} http://127.0.0.1:8080/health");
            return 2;
        }
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var response = client.GetAsync(url).GetAwaiter().GetResult();
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }
            error.WriteLine($"{url} answered {(int)response.StatusCode}");
            return 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            error.WriteLine($"{url}: {ex.Message}");
            return 1;
        }
    }
}
