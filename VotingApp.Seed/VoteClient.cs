using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace VotingApp.Seed;

/// <summary>Posts votes the way the vote form (and ApacheBench in the original seed) does, over keep-alive connections.</summary>
internal sealed class VoteClient : IDisposable
{
    private static readonly MediaTypeHeaderValue s_form = new("application/x-www-form-urlencoded");
    private static readonly byte[] s_voteA = Encoding.ASCII.GetBytes("vote=a");
    private static readonly byte[] s_voteB = Encoding.ASCII.GetBytes("vote=b");
    private readonly HttpClient _vote;
    private readonly HttpClient _result;

    public VoteClient(Uri voteUrl, Uri resultUrl, int connections)
    {
        _vote = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        })
        { BaseAddress = voteUrl, Timeout = TimeSpan.FromSeconds(30) };
        _result = new HttpClient { BaseAddress = resultUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri ResultUrl => _result.BaseAddress!;

    /// <summary>POST / vote=a|b, as <paramref name="voterId"/> (no cookie: the service makes a new voter). True on 200.</summary>
    public async Task<bool> PostAsync(char option, string? voterId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new ByteArrayContent(option == 'a' ? s_voteA : s_voteB) { Headers = { ContentType = s_form } },
        };
        if (voterId is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", "voter_id=" + voterId);
        }
        using var response = await _vote.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        // drain the page so the connection is reused
        await response.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Counts from <c>/api/results</c>: (a, b, total).</summary>
    public async Task<(long A, long B, long Total)> ResultsAsync(CancellationToken cancellationToken)
    {
        var json = await _result.GetStringAsync("/api/results", cancellationToken).ConfigureAwait(false);
        return ParseResults(json);
    }

    internal static (long A, long B, long Total) ParseResults(string json)
    {
        using var doc = JsonDocument.Parse(json);
        long a = 0, b = 0;
        foreach (var option in doc.RootElement.GetProperty("options").EnumerateArray())
        {
            var votes = option.GetProperty("votes").GetInt64();
            switch (option.GetProperty("id").GetString())
            {
                case "a":
                    a = votes;
                    break;
                case "b":
                    b = votes;
                    break;
            }
        }
        return (a, b, doc.RootElement.GetProperty("total").GetInt64());
    }

    /// <summary>Waits until the results total reaches <paramref name="expected"/>; returns the last total seen.</summary>
    public async Task<long> WaitForTotalAsync(long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        long total;
        do
        {
            total = (await ResultsAsync(cancellationToken).ConfigureAwait(false)).Total;
            if (total >= expected)
            {
                return total;
            }
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
        while (DateTime.UtcNow < deadline);
        return total;
    }

    public void Dispose()
    {
        _vote.Dispose();
        _result.Dispose();
    }
}
