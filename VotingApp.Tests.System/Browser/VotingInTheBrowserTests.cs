using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Browser;

/// <summary>A real browser (Debian's Chromium driven by Playwright) votes and watches the result page live.</summary>
[Collection(AppCollection.Name)]
public sealed partial class VotingInTheBrowserTests
{
    private readonly AppFixture _fixture;
    private readonly ITestOutputHelper _output;

    public VotingInTheBrowserTests(AppFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        fixture.App.AttachOutput(output);
    }

    [Fact]
    public async Task Clicking_an_option_marks_it_and_an_open_result_page_shows_the_new_count_without_a_reload()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();

        var resultPage = await context.NewPageAsync();
        await resultPage.GotoAsync(_fixture.App.App.GetEndpoint("result", "http").ToString());
        await _fixture.App.WaitUntilQuietAsync();
        var before = await _fixture.App.GetResultsAsync();
        var footer = resultPage.Locator("#total");
        await Assertions.Expect(footer).ToBeVisibleAsync();
        var navigations = 0;
        resultPage.FrameNavigated += (_, _) => navigations++;

        var votePage = await context.NewPageAsync();
        await votePage.GotoAsync(_fixture.App.App.GetEndpoint("vote", "http").ToString());
        await Assertions.Expect(votePage).ToHaveTitleAsync("Cats vs Dogs!");
        await votePage.Locator("button[value='b']").ClickAsync();
        await Assertions.Expect(votePage.Locator("button[value='b']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(votePage.Locator("button[value='a']")).Not.ToHaveAttributeAsync("aria-pressed", "true");

        var expected = before.Total + 1;
        await Assertions.Expect(footer).ToHaveTextAsync(expected == 1 ? "1 vote" : $"{expected:N0} votes", new() { Timeout = 10_000 });
        Assert.Equal(0, navigations);
    }

    /// <summary>
    /// Browsers open at most six HTTP/1.1 connections per host, and every result tab used to hold one stream: the
    /// seventh tab never loaded. Ten tabs of one browser must all load, show the tally and follow it, hold one stream
    /// between them, keep following after the tab that opened the shared connection closes, and a tab opened later
    /// shows the current tally at once.
    /// </summary>
    [Fact]
    public async Task Ten_tabs_of_one_browser_show_every_vote_and_keep_doing_so_after_the_first_tab_closes()
    {
        const int tabCount = 10;
        var app = _fixture.App;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        var resultUrl = app.App.GetEndpoint("result", "http").ToString();
        await app.WaitUntilQuietAsync();
        var before = await app.GetResultsAsync();
        var viewersBefore = await ViewersAsync();

        var tabs = new List<IPage>();
        for (var i = 0; i < tabCount; i++)
        {
            var tab = await context.NewPageAsync();
            try
            {
                await tab.GotoAsync(resultUrl, new() { Timeout = 20_000 });
            }
            catch (TimeoutException ex)
            {
                Assert.Fail($"tab {i + 1} of {tabCount} did not load: {ex.Message.Split('\n')[0]}");
            }
            tabs.Add(tab);
        }
        await ExpectEveryTabAsync(tabs, before.Total);
        // one stream for the whole browser (another test's stream may still be closing: at most one more, never ten)
        var viewers = await ViewersAsync();
        Assert.True(viewers - viewersBefore <= 1, $"{tabCount} tabs hold {viewers - viewersBefore} result streams, expected one shared stream");

        (await app.PostVoteAsync("a", "tabs-" + Guid.NewGuid().ToString("N")[..8])).EnsureSuccessStatusCode();
        await ExpectEveryTabAsync(tabs, before.Total + 1);

        // the first tab started the shared connection: the others must not depend on it
        await tabs[0].CloseAsync(new() { RunBeforeUnload = true });
        tabs.RemoveAt(0);
        (await app.PostVoteAsync("b", "tabs-" + Guid.NewGuid().ToString("N")[..8])).EnsureSuccessStatusCode();
        await ExpectEveryTabAsync(tabs, before.Total + 2);

        // a tab opened now shows the current tally and its live status at once, not at the next vote
        var late = await context.NewPageAsync();
        await late.GotoAsync(resultUrl, new() { Timeout = 20_000 });
        await ExpectEveryTabAsync([late], before.Total + 2);
        (await app.PostVoteAsync("a", "tabs-" + Guid.NewGuid().ToString("N")[..8])).EnsureSuccessStatusCode();
        await ExpectEveryTabAsync([.. tabs, late], before.Total + 3);
    }

    /// <summary>
    /// Where the shared stream is not available (a browser without SharedWorker, or a worker script that does not
    /// load, e.g. after a deployment that no longer serves the page's version), each tab follows its own stream.
    /// </summary>
    [Fact]
    public async Task Without_a_shared_worker_each_tab_follows_its_own_stream()
    {
        var app = _fixture.App;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var resultUrl = app.App.GetEndpoint("result", "http").ToString();
        await app.WaitUntilQuietAsync();
        var before = await app.GetResultsAsync();

        var noSharedWorker = await browser.NewContextAsync();
        await noSharedWorker.AddInitScriptAsync("delete window.SharedWorker;");
        var workerMissing = await browser.NewContextAsync();
        var refused = 0;
        await workerMissing.RouteAsync("**/static/result-worker.*.js", route =>
        {
            Interlocked.Increment(ref refused);
            return route.FulfillAsync(new() { Status = 404, Body = "gone" });
        });
        var tabs = new List<IPage>();
        foreach (var context in new[] { noSharedWorker, workerMissing })
        {
            var tab = await context.NewPageAsync();
            var name = context == noSharedWorker ? "no SharedWorker" : "worker refused";
            tab.Console += (_, message) => _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [{name}] console {message.Type}: {message.Text}");
            tab.Request += (_, request) => _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [{name}] {request.Method} {request.Url}");
            await tab.GotoAsync(resultUrl, new() { Timeout = 20_000 });
            tabs.Add(tab);
        }
        await ExpectEveryTabAsync(tabs, before.Total);
        Assert.True(Volatile.Read(ref refused) > 0, "the worker script was never requested: the second tab did not try the shared stream");

        (await app.PostVoteAsync("b", "tabs-" + Guid.NewGuid().ToString("N")[..8])).EnsureSuccessStatusCode();
        // the refused worker's tab falls back on the worker's error event, or at the latest after 5 s without an answer
        await ExpectEveryTabAsync(tabs, before.Total + 1, timeout: 15_000);
    }

    /// <summary>Every tab shows <paramref name="total"/> votes in its footer, and no connection notice.</summary>
    private static async Task ExpectEveryTabAsync(IReadOnlyList<IPage> tabs, long total, float timeout = 10_000)
    {
        for (var i = 0; i < tabs.Count; i++)
        {
            try
            {
                await Assertions.Expect(tabs[i].Locator("#total")).ToHaveTextAsync(Footer(total), new() { Timeout = timeout });
                await Assertions.Expect(tabs[i].Locator("#connection")).ToBeHiddenAsync(new() { Timeout = timeout });
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                Assert.Fail($"tab {i + 1} of {tabs.Count}: {ex.Message.Split('\n')[0]}");
            }
        }
    }

    /// <summary>The page's footer for <paramref name="total"/> votes (result.js and ResultMath write the same).</summary>
    private static string Footer(long total) => total switch
    {
        <= 0 => "No votes yet",
        1 => "1 vote",
        _ => total.ToString("N0", CultureInfo.InvariantCulture) + " votes",
    };

    /// <summary>Open result streams right now, from the result service's <c>votingapp.result.viewers</c> gauge.</summary>
    private async Task<long> ViewersAsync()
    {
        var text = await _fixture.App.Result.GetStringAsync("/metrics");
        var match = ViewersGauge().Match(text);
        return match.Success ? (long)double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^votingapp_result_viewers(?:\{[^}]*\})? (?<value>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex ViewersGauge();
}
