using System.Net.Sockets;
using System.Text;

namespace VotingApp.Hosting.Orchestration;

/// <summary>Just enough of the Redis protocol for a health check: AUTH and PING on a fresh connection.</summary>
internal static class RespClient
{
    public static async Task<string?> PingAsync(string host, int port, string? password, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        var stream = client.GetStream();
        var command = new StringBuilder();
        if (password is not null)
        {
            command.Append(Bulk("AUTH", password));
        }
        command.Append(Bulk("PING"));
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command.ToString()), cancellationToken).ConfigureAwait(false);

        var expected = password is null ? 1 : 2;
        var buffer = new byte[512];
        var received = new StringBuilder();
        while (received.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length < expected)
        {
            var n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }
            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        var lines = received.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        // Healthy answer: (+OK) +PONG. Anything else (-NOAUTH, -LOADING …) is returned as the problem.
        return lines.Length == expected && lines[^1] == "+PONG" && (password is null || lines[0] == "+OK")
            ? null
            : string.Join(" ", lines);
    }

    private static string Bulk(params string[] parts)
    {
        var sb = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            sb.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }
        return sb.ToString();
    }
}
