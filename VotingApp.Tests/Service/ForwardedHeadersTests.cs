using System.Net;
using VotingApp.Result;
using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Observability;
using VotingApp.Vote;

namespace VotingApp.Tests.Service;

/// <summary>
/// Behind a TLS-terminating proxy: vote and result honour <c>X-Forwarded-Proto</c> / <c>-For</c> only from the networks
/// in <c>ForwardedHeaders:KnownNetworks</c> — also when <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> (which on its
/// own trusts any sender) — and then mark the cookies <c>Secure</c> and, with <c>Hsts:Enabled</c>, send
/// <c>Strict-Transport-Security</c>. The tests' client is on loopback, so trusting 127.0.0.1/8 makes it the proxy.
/// </summary>
public sealed class ForwardedHeadersTests
{
    public static TheoryData<string?, string?, bool> Settings => new()
    {
        // (ASPNETCORE_FORWARDEDHEADERS_ENABLED, ForwardedHeaders:KnownNetworks, whether the client is a trusted proxy)
        { null, null, false },
        { "true", null, false },
        { "true", "10.0.0.0/8", false },
        { null, "127.0.0.1/8", true },
        { "true", "10.0.0.0/8; 127.0.0.1/8", true },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task The_vote_cookie_is_Secure_and_HSTS_sent_only_when_a_configured_proxy_says_https(string? enabled, string? networks, bool trusted)
    {
        await using var redis = await RedisServer.StartAsync("redis-server");
        await using var service = await InProcessService.StartAsync(
            Configuration(enabled, networks, new() { ["ConnectionStrings:cache"] = redis.ConnectionString }),
            builder => builder.AddVoteServices(),
            app => app.MapVoteEndpoints());

        using var request = ForwardedHttps(HttpMethod.Post, "vote.example.com");
        request.Content = new FormUrlEncodedContent([new("vote", "a")]);
        using var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var voterCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("voter_id=", StringComparison.Ordinal));
        Assert.Equal(trusted, voterCookie.Contains("; Secure", StringComparison.Ordinal));
        Assert.Equal(trusted, response.Headers.Contains("Strict-Transport-Security"));
        if (trusted)
        {
            Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task The_result_page_sends_HSTS_only_when_a_configured_proxy_says_https(string? enabled, string? networks, bool trusted)
    {
        await using var service = await InProcessService.StartAsync(
            // nothing listens on port 1: the page is served either way
            Configuration(enabled, networks, new() { ["ConnectionStrings:votesdb"] = "Host=127.0.0.1;Port=1;Username=postgres" }),
            builder => builder.AddResultServices(),
            app => app.MapResultEndpoints());

        using var request = ForwardedHttps(HttpMethod.Get, "result.example.com");
        using var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(trusted, response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Without_Hsts_Enabled_a_trusted_https_request_gets_a_Secure_cookie_and_no_HSTS()
    {
        await using var redis = await RedisServer.StartAsync("redis-server");
        var configuration = Configuration(null, "127.0.0.1/8", new() { ["ConnectionStrings:cache"] = redis.ConnectionString });
        configuration["Hsts:Enabled"] = "false";
        await using var service = await InProcessService.StartAsync(configuration, builder => builder.AddVoteServices(), app => app.MapVoteEndpoints());

        using var request = ForwardedHttps(HttpMethod.Get, "vote.example.com");
        using var response = await service.Client.SendAsync(request);

        Assert.Contains("; Secure", Assert.Single(response.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    private static Dictionary<string, string?> Configuration(string? enabled, string? networks, Dictionary<string, string?> settings)
    {
        // the key ASPNETCORE_FORWARDEDHEADERS_ENABLED becomes in the configuration (prefix removed)
        settings["FORWARDEDHEADERS_ENABLED"] = enabled;
        settings["ForwardedHeaders:KnownNetworks"] = networks;
        settings["Hsts:Enabled"] = "true";
        settings["Hsts:MaxAgeSeconds"] = "31536000";
        settings["Hsts:IncludeSubDomains"] = "true";
        return settings;
    }

    private static HttpRequestMessage ForwardedHttps(HttpMethod method, string host)
    {
        var request = new HttpRequestMessage(method, new Uri("/", UriKind.Relative));
        // HSTS is never sent for localhost names; a proxy forwards the public host name
        request.Headers.Host = host;
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        return request;
    }
}
