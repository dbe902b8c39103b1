using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Npgsql;
using VotingApp.Queue;
using VotingApp.Result;
using VotingApp.ServiceDefaults.Web;
using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Observability;
using VotingApp.Vote;

namespace VotingApp.Tests.Service;

/// <summary>
/// Vote and result published under a path prefix by a real reverse proxy (YARP, in process): every URL their pages
/// hold — assets, the form's action, the API, the live stream, the shared worker — is under the prefix and answers
/// through the proxy. Three ways a proxy does it: it strips the prefix and says so with <c>X-Forwarded-Prefix</c>
/// (trusted because the service lists the proxy's network), it strips it silently (the service has <c>PathBase</c>),
/// or it forwards the full path (the service has <c>PathBase</c>).
/// </summary>
public sealed partial class PathPrefixTests
{
    public enum ProxyKind
    {
        StripsAndSendsXForwardedPrefix,
        StripsSilently,
        KeepsThePrefix,
    }

    public static TheoryData<ProxyKind> Kinds => [ProxyKind.StripsAndSendsXForwardedPrefix, ProxyKind.StripsSilently, ProxyKind.KeepsThePrefix];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Behind_a_proxy_under_vote_every_link_of_the_vote_page_and_both_ways_of_voting_work(ProxyKind kind)
    {
        await using var redis = await RedisServer.StartAsync("redis-server");
        var settings = Settings(kind, "/vote");
        settings["ConnectionStrings:cache"] = redis.ConnectionString;
        await using var service = await InProcessService.StartAsync(settings, builder => builder.AddVoteServices(), app => app.MapVoteEndpoints());
        await using var proxy = await PrefixProxy.StartAsync(Mapping(kind, "/vote", service.Client.BaseAddress!));
        using var client = new HttpClient { BaseAddress = proxy.Address };

        var page = await client.GetStringAsync(new Uri("/vote/", UriKind.Relative));
        var urls = Urls(page);
        Assert.Equal(4, urls.Count); // icon, stylesheet, script, form action
        Assert.All(urls, url => Assert.StartsWith("/vote/", url, StringComparison.Ordinal));
        foreach (var asset in urls.Where(url => url.Contains("/static/", StringComparison.Ordinal)))
        {
            using var response = await client.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
        }

        var action = FormAction().Match(page).Groups[1].Value;
        Assert.Equal("/vote/", action);
        using (var form = await client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent([new("vote", "a")])))
        {
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
            Assert.Contains("You voted for Cats.", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var cookies = form.Headers.GetValues("Set-Cookie").ToList();
            Assert.Equal(2, cookies.Count);
            Assert.All(cookies, cookie => Assert.Contains("; Path=/vote;", cookie, StringComparison.Ordinal));
        }
        // vote.js posts to the form's action + "api/vote"
        using (var api = await client.PostAsJsonAsync(new Uri(action + "api/vote", UriKind.Relative), new { vote = "b" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, api.StatusCode);
        }
        using (var health = await client.GetAsync(new Uri("/vote/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        using var queue = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.Equal(2, await queue.GetDatabase().ListLengthAsync(QueueKeys.Votes));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Behind_a_proxy_under_result_every_link_of_the_result_page_the_API_and_the_live_stream_work(ProxyKind kind)
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await VotesDatabase.ApplyAsync(connection, CancellationToken.None);
            await using var insert = new NpgsqlCommand("INSERT INTO votes (id, vote) VALUES ('v1', 'a'), ('v2', 'b'), ('v3', 'b')", connection);
            await insert.ExecuteNonQueryAsync();
        }
        var settings = Settings(kind, "/result");
        settings["ConnectionStrings:votesdb"] = postgres.ConnectionString;
        await using var service = await InProcessService.StartAsync(settings, builder => builder.AddResultServices(), app => app.MapResultEndpoints());
        await using var proxy = await PrefixProxy.StartAsync(Mapping(kind, "/result", service.Client.BaseAddress!));
        using var client = new HttpClient { BaseAddress = proxy.Address };

        await Eventually.WaitUntilAsync(async () =>
        {
            using var api = await client.GetAsync(new Uri("/result/api/results", UriKind.Relative));
            return api.StatusCode == HttpStatusCode.OK;
        });
        Assert.Contains("\"total\":3", await client.GetStringAsync(new Uri("/result/api/results", UriKind.Relative)), StringComparison.Ordinal);

        var page = await client.GetStringAsync(new Uri("/result/", UriKind.Relative));
        var urls = Urls(page);
        Assert.Equal(5, urls.Count); // icon, stylesheet, script, its stream, its shared worker
        Assert.All(urls, url => Assert.StartsWith("/result/", url, StringComparison.Ordinal));
        foreach (var asset in urls.Where(url => url.Contains("/static/", StringComparison.Ordinal)))
        {
            using var response = await client.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
        }

        var stream = Assert.Single(urls, url => url.EndsWith("/api/results/stream", StringComparison.Ordinal));
        Assert.Equal("/result/api/results/stream", stream);
        // the shared worker opens "../api/results/stream" relative to its own URL: the same stream
        var worker = Assert.Single(urls, url => url.Contains("-worker.", StringComparison.Ordinal));
        Assert.Equal(stream, new Uri(new Uri(proxy.Address, worker), "../api/results/stream").AbsolutePath);
        var (type, data) = await ServerSentEvents.FirstEventAsync(client, stream, skipEmpty: true);
        Assert.Equal(ResultBroadcaster.ResultsEvent, type);
        Assert.Contains("\"total\":3", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task X_Forwarded_Prefix_from_a_client_that_is_not_a_configured_proxy_is_ignored()
    {
        await using var service = await InProcessService.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:votesdb"] = "Host=127.0.0.1;Port=1;Username=postgres" },
            builder => builder.AddResultServices(),
            app => app.MapResultEndpoints());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.Add("X-Forwarded-Prefix", "/elsewhere");

        using var response = await service.Client.SendAsync(request);

        var urls = Urls(await response.Content.ReadAsStringAsync());
        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.DoesNotContain("elsewhere", url, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("/", "")]
    [InlineData("/vote", "/vote")]
    [InlineData("/vote/", "/vote")]
    [InlineData(" /apps/vote ", "/apps/vote")]
    public void PathBase_is_read_without_a_trailing_slash(string? setting, string expected) =>
        Assert.Equal(expected, ProxyHeaders.ConfiguredPathBase(Configuration(setting)).Value ?? string.Empty);

    [Theory]
    [InlineData("vote")]
    [InlineData("/a//b")]
    [InlineData("/a/../b")]
    [InlineData("/vote?x=1")]
    [InlineData("/vote#top")]
    public void A_PathBase_that_is_not_a_path_prefix_is_refused_naming_the_setting(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ProxyHeaders.ConfiguredPathBase(Configuration(setting)));
        Assert.StartsWith($"PathBase: '{setting.Trim()}' is not a path prefix such as /vote", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? pathBase) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PathBase"] = pathBase }).Build();

    private static Dictionary<string, string?> Settings(ProxyKind kind, string prefix) => kind switch
    {
        // the proxy is on loopback
        ProxyKind.StripsAndSendsXForwardedPrefix => new() { ["ForwardedHeaders:KnownNetworks"] = "127.0.0.1/8" },
        _ => new() { ["PathBase"] = prefix },
    };

    private static PrefixProxy.Mapping Mapping(ProxyKind kind, string prefix, Uri service) => kind switch
    {
        ProxyKind.StripsAndSendsXForwardedPrefix => new(prefix, service, Strip: true, SendPrefix: true),
        ProxyKind.StripsSilently => new(prefix, service, Strip: true, SendPrefix: false),
        _ => new(prefix, service, Strip: false, SendPrefix: false),
    };

    /// <summary>Every URL in the page's attributes (<c>href</c>, <c>src</c>, <c>action</c>, <c>data-*-src</c>).</summary>
    private static List<string> Urls(string page) => [.. UrlAttribute().Matches(page).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("""(?:href|src|action|data-[a-z]+-src)="([^"]*)"\s*""")]
    private static partial Regex UrlAttribute();

    [GeneratedRegex("""<form[^>]* action="([^"]*)""")]
    private static partial Regex FormAction();
}
