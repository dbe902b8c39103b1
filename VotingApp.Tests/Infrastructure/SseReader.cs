using System.Text;

namespace VotingApp.Tests.Infrastructure;

/// <summary>Reads Server-Sent Events: the data of the next <c>results</c> event.</summary>
public static class SseReader
{
    public static async Task<string> NextDataAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var data = new StringBuilder();
        string? eventType = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (data.Length > 0 && eventType is null or "results")
                {
                    return data.ToString();
                }
                data.Clear();
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
