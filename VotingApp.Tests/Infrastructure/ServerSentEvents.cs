using System.Net;

namespace VotingApp.Tests.Infrastructure;

/// <summary>Reads a Server-Sent Events stream (the result service's <c>/api/results/stream</c>) as a browser would.</summary>
public static class ServerSentEvents
{
    /// <summary>
    /// Opens the stream at <paramref name="path"/> (200 expected) and returns its first event: type (<c>message</c>
    /// when it names none) and data. With <paramref name="skipEmpty"/>, events without data (keep-alives) are passed
    /// over. Fails the test when the stream ends first.
    /// </summary>
    public static async Task<(string Type, string Data)> FirstEventAsync(HttpClient client, string path, bool skipEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var type = "message";
        var data = string.Empty;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (!skipEmpty || data.Length > 0)
                {
                    return (type, data);
                }
                type = "message";
                continue;
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data += line["data: ".Length..];
            }
        }
        Assert.Fail("the stream ended before its first event");
        return default;
    }
}
