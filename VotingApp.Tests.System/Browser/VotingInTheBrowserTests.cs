using Microsoft.Playwright;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Browser;

/// <summary>A real browser (Debian's Chromium driven by Playwright) votes and watches the result page live.</summary>
[Collection(AppCollection.Name)]
public sealed class VotingInTheBrowserTests
{
    private readonly AppFixture _fixture;

    public VotingInTheBrowserTests(AppFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
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
}
