using System.Globalization;
using Microsoft.Playwright;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Browser;

/// <summary>
/// The system published under path prefixes by a prefix-stripping reverse proxy (YARP, in the test process), as an
/// ingress does: <c>/vote/</c> → vote, <c>/result/</c> → result. Before, only the HTML came through: styles, scripts,
/// the form post, <c>/api/vote</c>, <c>/api/results</c> and the live stream went to root paths and got 404. The vote
/// service learns its prefix from the proxy's <c>X-Forwarded-Prefix</c> (the proxy's network is trusted); the result
/// service from its <c>PathBase</c> setting (the proxy says nothing). A real browser votes with and without JavaScript
/// and watches the result page follow, through its shared worker's stream; no request it makes fails or leaves the
/// prefixes.
/// </summary>
public sealed class PathPrefixInTheBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Under_vote_and_result_prefixes_the_pages_assets_votes_and_live_updates_all_work()
    {
        await using var app = await TestApp.StartAsync(output, builder =>
        {
            builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "vote"))
                .WithEnvironment("ForwardedHeaders__KnownNetworks", "127.0.0.0/8");
            builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "result"))
                .WithEnvironment("PathBase", "/result");
        });
        await using var proxy = await PrefixProxy.StartAsync(
            new PrefixProxy.Mapping("/vote", app.App.GetEndpoint("vote", "http"), Strip: true, SendPrefix: true),
            new PrefixProxy.Mapping("/result", app.App.GetEndpoint("result", "http"), Strip: true, SendPrefix: false));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var problems = new List<string>();
        var requested = new List<string>();
        var context = await browser.NewContextAsync();
        Watch(context, problems, requested);

        var resultPage = await context.NewPageAsync();
        await resultPage.GotoAsync(proxy.Url("/result/").ToString());
        var footer = resultPage.Locator("#total");
        await Assertions.Expect(footer).ToHaveTextAsync("No votes yet", new() { Timeout = 15_000 });
        // live: the connection notice hides once the shared worker's stream is open
        await Assertions.Expect(resultPage.Locator("#connection")).ToBeHiddenAsync(new() { Timeout = 15_000 });

        var votePage = await context.NewPageAsync();
        await votePage.GotoAsync(proxy.Url("/vote/").ToString());
        await Assertions.Expect(votePage).ToHaveTitleAsync("Cats vs Dogs!");
        // the stylesheet applied: the buttons are laid out by it, not the browser's default inline buttons
        Assert.Equal("grid", await votePage.Locator("#vote-form").EvaluateAsync<string>("e => getComputedStyle(e).display"));
        await votePage.Locator("button[value='b']").ClickAsync();
        await Assertions.Expect(votePage.Locator("#vote-status")).ToHaveTextAsync("You voted for Dogs.");
        await Assertions.Expect(footer).ToHaveTextAsync("1 vote", new() { Timeout = 15_000 });
        await Assertions.Expect(resultPage.Locator("#percent-b")).ToHaveTextAsync("100.0");

        // without JavaScript: the plain form post, to the prefixed action
        var noScript = await browser.NewContextAsync(new() { JavaScriptEnabled = false });
        Watch(noScript, problems, requested);
        var plainVote = await noScript.NewPageAsync();
        await plainVote.GotoAsync(proxy.Url("/vote/").ToString());
        await plainVote.Locator("button[value='a']").ClickAsync();
        await Assertions.Expect(plainVote.Locator("#vote-status")).ToHaveTextAsync("You voted for Cats.");
        Assert.Equal(proxy.Url("/vote/").ToString(), plainVote.Url);
        await Assertions.Expect(footer).ToHaveTextAsync("2 votes", new() { Timeout = 15_000 });
        var cookies = await noScript.CookiesAsync();
        Assert.All(cookies, cookie => Assert.Equal("/vote", cookie.Path));

        // the proxy's own log also holds the shared worker's requests, which the browser's events do not show
        var proxied = proxy.Requests.ToList();
        output.WriteLine($"the proxy answered:\n{string.Join('\n', proxied)}");
        Assert.Contains("GET /result/api/results/stream 200", proxied);
        Assert.Contains("POST /vote/api/vote 202", proxied);
        Assert.Contains("POST /vote/ 200", proxied);
        Assert.Contains(proxied, r => r.StartsWith("GET /result/static/result-worker.", StringComparison.Ordinal) && r.EndsWith(" 200", StringComparison.Ordinal));
        Assert.All(proxied, r => Assert.True(int.Parse(r[(r.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) < 400, r));
        Assert.True(problems.Count == 0, "requests that failed or left the prefixes:\n" + string.Join('\n', problems));
        Assert.All(requested, r => Assert.True(
            new Uri(r.Split(' ')[1]).AbsolutePath.StartsWith("/vote/", StringComparison.Ordinal)
            || new Uri(r.Split(' ')[1]).AbsolutePath.StartsWith("/result/", StringComparison.Ordinal), r));
    }

    /// <summary>Records every request of <paramref name="context"/> (pages, workers) and every failure or error status.</summary>
    private static void Watch(IBrowserContext context, List<string> problems, List<string> requested)
    {
        context.Request += (_, request) =>
        {
            lock (requested)
            {
                requested.Add($"{request.Method} {request.Url}");
            }
        };
        context.RequestFailed += (_, request) =>
        {
            // a stream the browser closes as the test ends is not a failure
            if (request.Failure != "net::ERR_ABORTED")
            {
                lock (problems)
                {
                    problems.Add($"{request.Method} {request.Url}: {request.Failure}");
                }
            }
        };
        context.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (problems)
                {
                    problems.Add($"{response.Request.Method} {response.Url}: {response.Status.ToString(CultureInfo.InvariantCulture)}");
                }
            }
        };
    }
}
