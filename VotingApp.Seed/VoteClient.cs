using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace VotingApp.Seed;

/// <summary>Posts votes the way the vote form (and ApacheBench in the original seed) does, over keep-alive connections.</summary>
internal sealed class VoteClient : IDisposable
{
    private static readonly MediaTypeHeaderValue s_form = new("application/x-www-form-urlencoded");
    private static readonly byte[] s_voteA = Encoding.ASCII.GetBytes("vote=a");
    private static readonly byte[] s_voteB = Encoding.ASCII.GetBytes("vote=b");
    private const string VoteClientName = "vote";
    private const string ResultClientName = "result";
    private const string StreamClientName = "result-stream";
    private readonly ServiceProvider _services;
    private readonly HttpClient _vote;
    private readonly HttpClient _result;

    /// <summary>
    /// The tool's HttpClients, from the factory: service discovery on each (<c>http://vote</c> resolves under the
    /// AppHost), the standard resilience handler on the request/response clients, none on the result stream (an
    /// open-ended response: the handler's total timeout would cut it).
    /// </summary>
    public VoteClient(Uri voteUrl, Uri resultUrl, int connections, IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddServiceDiscovery();
        var vote = services.AddHttpClient(VoteClientName, c => c.BaseAddress = voteUrl)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseCookies = false,
                MaxConnectionsPerServer = connections,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.None,
            });
        vote.AddStandardResilienceHandler(options =>
        {
            // A POST is never repeated: without a cookie a repeat is a second voter, which the seed's and the benchmark's
            // expected totals would count. A 503 is the vote service's answer, measured and reported by the tool, not a
            // broken connection: only transport failures count towards the breaker.
            options.Retry.DisableForUnsafeHttpMethods();
            options.CircuitBreaker.ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException);
        });
        vote.AddServiceDiscovery();
        var result = services.AddHttpClient(ResultClientName, c => c.BaseAddress = resultUrl);
        result.AddStandardResilienceHandler();
        result.AddServiceDiscovery();
        services.AddHttpClient(StreamClientName, c =>
            {
                c.BaseAddress = resultUrl;
                c.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddServiceDiscovery();
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        _vote = factory.CreateClient(VoteClientName);
        _result = factory.CreateClient(ResultClientName);
        ResultStream = factory.CreateClient(StreamClientName);
    }

    /// <summary>A client for the result's event stream (no timeout, no resilience handler).</summary>
    public HttpClient ResultStream { get; }

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
        ResultStream.Dispose();
        _services.Dispose();
    }
}
