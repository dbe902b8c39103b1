using Microsoft.Playwright;

namespace VotingApp.Tests.Infrastructure;

/// <summary>Debian's Chromium (or <c>CHROMIUM_PATH</c>) driven by Playwright, headless; tests never download a browser.</summary>
public static class Chromium
{
    private static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(ExecutablePath), $"Chromium not found at {ExecutablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH.");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }
}
