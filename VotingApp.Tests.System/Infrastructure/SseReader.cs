using System.Text;

namespace VotingApp.Tests.Infrastructure;

/// <summary>Reads Server-Sent Events.</summary>
public static class SseReader
{
    /// <summary>The data of the next <c>results</c> (or unnamed) event.</summary>
    public static async Task<string> NextDataAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (name, data) = await NextEventAsync(reader, cancellationToken);
            if (name is null or "results")
            {
                return data;
            }
        }
    }

    /// <summary>The next event with data: its name (null when unnamed) and its data.</summary>
    public static async Task<(string? Name, string Data)> NextEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var data = new StringBuilder();
        string? eventType = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (eventType, data.ToString());
                }
                eventType = null;
                continue;
            }
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line.AsSpan(5).TrimStart());
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventType = line[6..].Trim();
            }
        }
    }
}
