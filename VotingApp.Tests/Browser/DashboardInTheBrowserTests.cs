using System.Net.Http.Json;
using Microsoft.Playwright;
using VotingApp.Tests.Infrastructure;

namespace VotingApp.Tests.Browser;

/// <summary>The dashboard in a real browser (Debian's Chromium driven by Playwright): sign-in, live states, logs, commands.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DashboardInTheBrowserTests(DashboardApp dashboard) : IClassFixture<DashboardApp>
{
    [Fact]
    public async Task Signing_in_shows_every_resource_live_its_console_output_and_stop_and_start_work_from_the_page()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => consoleErrors.Add(error);

        // the plain URL asks for the token; the token the AppHost printed signs in
        await page.GotoAsync(dashboard.Url.ToString());
        Assert.EndsWith("/login", page.Url, StringComparison.Ordinal);
        var token = System.Web.HttpUtility.ParseQueryString(dashboard.App.DashboardLoginUrl!.Query)["t"]!;
        await page.Locator("#token").FillAsync(token);
        await page.Locator("button[type=submit]").ClickAsync();
        var application = await dashboard.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/application");
        await Assertions.Expect(page.Locator("#app-name")).ToHaveTextAsync(application.GetProperty("name").GetString()!);

        var cache = page.Locator("tr[data-resource='cache']");
        await Assertions.Expect(cache.Locator(".state")).ToHaveTextAsync("Running (healthy)");
        await Assertions.Expect(page.Locator("tr[data-resource='appdb']")).ToContainTextAsync("part of postgres");

        // how the process was started, in the row's details
        await page.Locator("tr[data-resource='postgres'] button[data-command='details']").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-details-for='postgres'] pre.command-line")).ToContainTextAsync("listen_addresses=localhost");

        // console output: what is kept, then each new line as it is written
        await page.Locator("tr[data-resource='postgres'] button[data-command='logs']").ClickAsync();
        await Assertions.Expect(page.Locator("#logs")).ToHaveAttributeAsync("data-resource", "postgres");
        await Assertions.Expect(page.Locator("#logs")).Not.ToBeEmptyAsync();
        var marker = $"written-while-watching-{Guid.NewGuid():N}";
        dashboard.App.ResourceLogs.Write("postgres", marker, isError: true);
        await Assertions.Expect(page.Locator("#logs .err").Last).ToContainTextAsync(marker);

        try
        {
            await cache.Locator("button[data-command='resource-stop']").ClickAsync();
            await Assertions.Expect(cache.Locator(".state")).ToHaveTextAsync("Exited", new() { Timeout = 20_000 });
            await cache.Locator("button[data-command='resource-start']").ClickAsync();
            await Assertions.Expect(cache.Locator(".state")).ToHaveTextAsync("Running (healthy)", new() { Timeout = 30_000 });
        }
        finally
        {
            await dashboard.App.ResourceCommands.ExecuteCommandAsync("cache", KnownResourceCommands.Start);
            await dashboard.WaitHealthyAsync("cache");
        }
        if (Environment.GetEnvironmentVariable("DASHBOARD_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        }
        Assert.Empty(consoleErrors);
    }
}
