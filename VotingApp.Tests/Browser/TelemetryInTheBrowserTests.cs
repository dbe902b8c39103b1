using Microsoft.Playwright;
using VotingApp.Tests.Infrastructure;

namespace VotingApp.Tests.Browser;

/// <summary>The dashboard's telemetry views in a real browser: structured logs, a vote's trace as a timeline, metrics.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TelemetryInTheBrowserTests(TelemetryDashboardApp dashboard) : IClassFixture<TelemetryDashboardApp>
{
    [Fact]
    public async Task Structured_logs_a_votes_trace_and_the_metrics_show_on_the_page()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        (await dashboard.System.PostVoteAsync("a", "browser-trace-" + Guid.NewGuid().ToString("N")[..8])).EnsureSuccessStatusCode();

        await page.GotoAsync(dashboard.App.DashboardLoginUrl!.ToString());
        var wait = new LocatorAssertionsToContainTextOptions { Timeout = 45_000 };

        // structured logs, live, filtered to one resource
        await Assertions.Expect(page.Locator("#telemetry-off")).ToBeHiddenAsync();
        await page.Locator("#telemetry-resource").SelectOptionAsync("worker", new() { Timeout = 45_000 });
        await Assertions.Expect(page.Locator("#structured tbody")).ToContainTextAsync("Worker ", wait);
        Assert.Equal(0, await page.Locator("#structured tbody tr").Filter(new() { HasNotText = "worker" }).CountAsync());

        // the vote's trace: from the list to the span timeline, and a span's attributes
        await page.Locator("#telemetry-resource").SelectOptionAsync("");
        await page.Locator("#tab-traces").ClickAsync();
        await page.Locator("#traces-filter").FillAsync("POST /");
        await Assertions.Expect(page.Locator("#traces tbody")).ToContainTextAsync("vote: POST /", wait);
        var withWorker = page.Locator("#traces tbody tr").Filter(new() { HasText = "worker" }).First;
        await Assertions.Expect(withWorker).ToBeVisibleAsync(new() { Timeout = 45_000 });
        await withWorker.Locator("button.link").ClickAsync();
        await Assertions.Expect(page.Locator("#spans tbody")).ToContainTextAsync("producer RPUSH votes");
        await Assertions.Expect(page.Locator("#spans tbody")).ToContainTextAsync("consumer process votes");
        await page.Locator("#spans tbody button.link", new() { HasText = "RPUSH votes" }).ClickAsync();
        await Assertions.Expect(page.Locator("#span-attributes")).ToContainTextAsync("db.operation.name = RPUSH");

        // metrics
        await page.Locator("#tab-metrics").ClickAsync();
        await Assertions.Expect(page.Locator("#metrics tbody tr[data-metric='http.server.request.duration']").First).ToContainTextAsync("recorded", wait);

        Assert.Empty(errors);
    }
}
