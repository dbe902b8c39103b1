using System.Globalization;
using Microsoft.Playwright;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Browser;

/// <summary>The WCAG 2.2 arithmetic itself, against values published with the guideline and the issue's own figure.</summary>
public sealed class ContrastMathTests
{
    [Theory]
    [InlineData(0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 21.0)]
    [InlineData(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1.0)]
    [InlineData(0x76, 0x76, 0x76, 0xFF, 0xFF, 0xFF, 4.54)] // the lightest grey that passes 4.5:1 on white
    [InlineData(0xFF, 0xFF, 0xFF, 0x00, 0xCB, 0xCA, 2.02)] // the old result page: white on teal (issue #13)
    public void Ratio_matches_known_values(int r1, int g1, int b1, int r2, int g2, int b2, double expected) =>
        Assert.Equal(expected, Contrast.Ratio(new Rgb(r1, g1, b1), new Rgb(r2, g2, b2)), 2);

    [Theory]
    [InlineData(24, 400, true)]
    [InlineData(23.9, 700, true)]
    [InlineData(18.6667, 700, true)]
    [InlineData(18.6667, 600, false)]
    [InlineData(18, 800, false)]
    [InlineData(16, 400, false)]
    public void Large_text_is_18pt_or_14pt_bold(double px, int weight, bool large) =>
        Assert.Equal(large, Contrast.IsLargeText(px, weight));
}

/// <summary>
/// Contrast of the vote page as Chromium renders it, at a desktop and a phone viewport: every visible text against
/// what is under it (text 4.5:1, large text 3:1) and the keyboard focus ring against the colours on both sides of it
/// (3:1), with nothing chosen and with each option chosen (the other one then stepped back). axe-core would miss the
/// stepped-back button (opacity) and the focus ring, so the script measures the rendered colours itself. The vote
/// cookie puts the page in the chosen state without casting a vote, so the shared system's tally is not touched.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class VotePageContrastTests
{
    private readonly AppFixture _fixture;

    public VotePageContrastTests(AppFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        fixture.App.AttachOutput(output);
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task Vote_page_text_and_focus_ring_meet_WCAG_AA_whether_nothing_or_one_option_is_chosen(int width, int height)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var url = _fixture.App.App.GetEndpoint("vote", "http").ToString();
        var failures = new List<string>();
        var viewport = $"{width}x{height}";

        foreach (var chosen in new[] { "", "a", "b" })
        {
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
            if (chosen.Length > 0)
            {
                await context.AddCookiesAsync([new Cookie { Name = "vote", Value = chosen, Url = url }]);
            }
            var page = await context.NewPageAsync();
            await page.GotoAsync(url);
            await Assertions.Expect(page.Locator("#vote-form")).ToHaveAttributeAsync("data-choice", chosen);
            var state = $"{viewport}, {(chosen.Length == 0 ? "nothing chosen" : $"'{chosen}' chosen")}";

            await PageChecks.TextAsync(page, state, failures);
            // Tab from the top reaches the two options in order; text is measured again while each is focused
            foreach (var option in new[] { "a", "b" })
            {
                await page.Keyboard.PressAsync("Tab");
                await Assertions.Expect(page.Locator($"button[value='{option}']")).ToBeFocusedAsync();
                await PageChecks.FocusAsync(page, $"{state}, '{option}' focused by keyboard", failures);
                await PageChecks.TextAsync(page, $"{state}, '{option}' focused by keyboard", failures);
            }
            if (width < 600)
            {
                await PageChecks.StackedAsync(page, "button.option-a", "button.option-b", state, failures);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failure(s):\n{string.Join('\n', failures)}");
    }
}

/// <summary>
/// Contrast and layout of the result page as Chromium renders it, at a desktop and a phone viewport, on a system of
/// its own (so "no votes" is real): with no votes, and at an uneven 90/10 split reached by real votes and pushed to the
/// open pages. At 90/10 each option's label and percentage must lie entirely on that option's colour; on the phone the
/// two options are stacked with the "vs" badge visible between them.
/// </summary>
public sealed class ResultPageContrastTests
{
    private readonly ITestOutputHelper _output;

    public ResultPageContrastTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Result_page_meets_WCAG_AA_with_no_votes_and_at_90_10_with_each_label_on_its_own_colour()
    {
        await using var app = await TestApp.StartAsync(_output);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var url = app.App.GetEndpoint("result", "http").ToString();
        var failures = new List<string>();

        var pages = new List<(string Viewport, IPage Page, bool Phone)>();
        foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(url);
            pages.Add(($"{width}x{height}", page, width < 600));
        }

        foreach (var (viewport, page, phone) in pages)
        {
            await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync("No votes yet", new() { Timeout = 15_000 });
            await PageChecks.TextAsync(page, $"{viewport}, no votes", failures);
            if (phone)
            {
                await PageChecks.StackedAsync(page, ".choice-a", ".choice-b", $"{viewport}, no votes", failures);
                await PageChecks.VersusBetweenAsync(page, $"{viewport}, no votes", failures);
            }
        }

        // nine new voters for a, one for b: 90.0 / 10.0, pushed to both open pages
        foreach (var vote in Enumerable.Repeat("a", 9).Append("b"))
        {
            using var response = await app.PostVoteAsync(vote);
            response.EnsureSuccessStatusCode();
        }
        await app.WaitForResultsAsync(r => r.A == 9 && r.B == 1, TimeSpan.FromSeconds(30));

        foreach (var (viewport, page, phone) in pages)
        {
            await Assertions.Expect(page.Locator("#percent-a")).ToHaveTextAsync("90.0", new() { Timeout = 15_000 });
            await Assertions.Expect(page.Locator("#percent-b")).ToHaveTextAsync("10.0");
            var state = $"{viewport}, 90/10";
            await PageChecks.TextAsync(page, state, failures);
            await PageChecks.OnOwnColourAsync(page, "a", state, failures);
            await PageChecks.OnOwnColourAsync(page, "b", state, failures);
            if (phone)
            {
                await PageChecks.StackedAsync(page, ".choice-a", ".choice-b", state, failures);
                await PageChecks.VersusBetweenAsync(page, state, failures);
            }
        }

        foreach (var (_, page, _) in pages)
        {
            await page.Context.CloseAsync();
        }
        Assert.True(failures.Count == 0, $"{failures.Count} failure(s):\n{string.Join('\n', failures)}");
    }
}

/// <summary>The checks both pages share; each adds one line per failure, so one run reports every failure at once.</summary>
internal static class PageChecks
{
    public static async Task TextAsync(IPage page, string state, List<string> failures)
    {
        var samples = await RenderedColours.TextAsync(page);
        if (samples.Count == 0)
        {
            failures.Add($"[{state}] no visible text found");
        }
        foreach (var sample in samples)
        {
            if (sample.Pairs.Count == 0)
            {
                failures.Add($"[{state}] {sample.Element} \"{sample.Text}\": no sample point inside the viewport");
                continue;
            }
            var worst = sample.Pairs.MinBy(p => p.Ratio)!;
            if (worst.Ratio < sample.Required || sample.Filtered)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"[{state}] {sample.Element} \"{sample.Text}\" ({sample.FontSizePx:0.#}px, {sample.FontWeight}): {worst.Ratio:0.00}:1 < {sample.Required}:1, {worst.Front} on {worst.Back}{(sample.Filtered ? " (under a CSS filter: not measurable)" : "")}"));
            }
        }
    }

    public static async Task FocusAsync(IPage page, string state, List<string> failures)
    {
        var ring = await RenderedColours.FocusRingAsync(page);
        if (ring is null || ring.WidthPx <= 0 || ring.Pairs.Count == 0)
        {
            failures.Add($"[{state}] {ring?.Element ?? "nothing"} focused: no measurable outline");
            return;
        }
        var worst = ring.Pairs.MinBy(p => p.Ratio)!;
        if (worst.Ratio < Contrast.LargeTextAndFocus || ring.Filtered)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"[{state}] focus ring of {ring.Element}: {worst.Ratio:0.00}:1 < {Contrast.LargeTextAndFocus}:1, {worst.Front} next to {worst.Back}{(ring.Filtered ? " (under a CSS filter: not measurable)" : "")}"));
        }
    }

    /// <summary>The element <paramref name="first"/> finds lies wholly above the one <paramref name="second"/> finds.</summary>
    public static async Task StackedAsync(IPage page, string first, string second, string state, List<string> failures)
    {
        var a = await page.Locator(first).BoundingBoxAsync();
        var b = await page.Locator(second).BoundingBoxAsync();
        if (a is null || b is null || a.Y + a.Height > b.Y + 0.5)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"[{state}] {first} is not above {second}: {Describe(a)} and {Describe(b)}"));
        }
    }

    /// <summary>The "vs" badge is visible, inside the viewport, between the two options.</summary>
    public static async Task VersusBetweenAsync(IPage page, string state, List<string> failures)
    {
        var versus = page.Locator(".versus");
        var box = await versus.IsVisibleAsync() ? await versus.BoundingBoxAsync() : null;
        var a = await page.Locator(".choice-a").BoundingBoxAsync();
        var b = await page.Locator(".choice-b").BoundingBoxAsync();
        var viewport = page.ViewportSize!;
        if (box is null || a is null || b is null || box.Width < 1 || box.Height < 1
            || box.Y < a.Y + a.Height - 0.5 || box.Y + box.Height > b.Y + 0.5
            || box.X < 0 || box.X + box.Width > viewport.Width || box.Y + box.Height > viewport.Height)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"[{state}] the \"vs\" badge is not visible between the stacked options: vs {Describe(box)}, a {Describe(a)}, b {Describe(b)}"));
        }
    }

    /// <summary>Every colour under the corners and centre of the option's label and percentage is the option's own colour.</summary>
    public static async Task OnOwnColourAsync(IPage page, string option, string state, List<string> failures)
    {
        var own = await RenderedColours.PaintOfAsync(page, $"#bar-{option}");
        var texts = await RenderedColours.UnderAsync(page, $".choice-{option} .choice-label, .choice-{option} .choice-percent");
        if (texts.Count == 0)
        {
            failures.Add($"[{state}] no label found for '{option}'");
        }
        foreach (var text in texts)
        {
            var strays = text.Colours.Where(c => !Same(c, own)).Distinct().ToList();
            if (text.Colours.Count == 0 || strays.Count > 0)
            {
                failures.Add($"[{state}] {text.Element} \"{text.Text}\" of '{option}' is not wholly on its colour {own}: also on {string.Join(", ", strays)}");
            }
        }
    }

    private static bool Same(Rgb x, Rgb y) =>
        Math.Abs(x.R - y.R) <= 1 && Math.Abs(x.G - y.G) <= 1 && Math.Abs(x.B - y.B) <= 1;

    private static string Describe(LocatorBoundingBoxResult? box) => box is null
        ? "not rendered"
        : string.Create(CultureInfo.InvariantCulture, $"({box.X:0},{box.Y:0} {box.Width:0}x{box.Height:0})");
}
