using VotingApp.Queue;
using VotingApp.ServiceDefaults.Web;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;

namespace VotingApp.Vote;

/// <summary>
/// The vote page. Labels, asset URLs and the host name do not change while the process runs, so the three possible
/// pages (nothing chosen, <c>a</c> chosen, <c>b</c> chosen) are rendered once, to UTF-8: at startup for the root, and on
/// first use for each path prefix the service is reached under (<see cref="ProxyHeaders.LinkPrefix"/>).
/// </summary>
internal sealed class VotePage
{
    // prefixes come from configuration or a trusted proxy, so there are few; past this many, pages are rendered per request
    private const int MaxCachedPrefixes = 16;

    private readonly OptionLabels _labels;
    private readonly PageAssets _assets;
    private readonly string _hostName;
    private readonly Variants _root;
    private readonly ConcurrentDictionary<string, Variants> _prefixed = new(StringComparer.Ordinal);

    /// <summary>Renders the three variants for the root.</summary>
    public VotePage(OptionLabels labels, PageAssets assets, string hostName)
    {
        _labels = labels;
        _assets = assets;
        _hostName = hostName;
        _root = RenderVariants(string.Empty);
    }

    /// <summary>
    /// The page with <paramref name="chosen"/> (<c>a</c>, <c>b</c> or null) marked as the voter's choice, its links under
    /// <paramref name="linkPrefix"/> (<c>""</c> or an escaped prefix such as <c>/vote</c>).
    /// </summary>
    public ReadOnlyMemory<byte> For(string? chosen, string linkPrefix = "")
    {
        var variants = linkPrefix.Length == 0 ? _root
            : _prefixed.TryGetValue(linkPrefix, out var cached) ? cached
            : _prefixed.Count < MaxCachedPrefixes ? _prefixed.GetOrAdd(linkPrefix, RenderVariants)
            : RenderVariants(linkPrefix);
        return chosen switch
        {
            VoteValues.A => variants.ChosenA,
            VoteValues.B => variants.ChosenB,
            _ => variants.Unchosen,
        };
    }

    private Variants RenderVariants(string linkPrefix) => new(
        Encoding.UTF8.GetBytes(Render(_labels, _assets, _hostName, chosen: null, linkPrefix)),
        Encoding.UTF8.GetBytes(Render(_labels, _assets, _hostName, VoteValues.A, linkPrefix)),
        Encoding.UTF8.GetBytes(Render(_labels, _assets, _hostName, VoteValues.B, linkPrefix)));

    /// <summary>
    /// Renders the page as HTML; every configured text is HTML-encoded. Every URL (assets, the form's action, from which
    /// the script derives the API's) starts with <paramref name="linkPrefix"/>.
    /// </summary>
    internal static string Render(OptionLabels labels, PageAssets assets, string hostName, string? chosen, string linkPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(assets);
        var encoder = HtmlEncoder.Default;
        var a = encoder.Encode(labels.OptionA);
        var b = encoder.Encode(labels.OptionB);
        var title = $"{a} vs {b}!";
        var host = encoder.Encode(hostName);
        var prefix = encoder.Encode(linkPrefix);
        var choice = chosen is VoteValues.A or VoteValues.B ? chosen : string.Empty;
        var pressedA = chosen == VoteValues.A ? "true" : "false";
        var pressedB = chosen == VoteValues.B ? "true" : "false";
        var status = chosen switch
        {
            VoteValues.A => $"You voted for {a}.",
            VoteValues.B => $"You voted for {b}.",
            _ => string.Empty,
        };
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{title}</title>
              <link rel="icon" type="image/svg+xml" href="{prefix}{assets.Icon.Path}">
              <link rel="stylesheet" href="{prefix}{assets.Stylesheet.Path}">
              <script src="{prefix}{assets.Script.Path}" defer></script>
            </head>
            <body>
              <main class="card">
                <h1 class="question">{title}</h1>
                <form id="vote-form" class="options" method="post" action="{prefix}/" data-choice="{choice}">
                  <button class="option option-a" type="submit" name="vote" value="a" aria-pressed="{pressedA}">
                    <span class="option-label">{a}</span>
                    <span class="option-mark">✓ your vote</span>
                  </button>
                  <button class="option option-b" type="submit" name="vote" value="b" aria-pressed="{pressedB}">
                    <span class="option-label">{b}</span>
                    <span class="option-mark">✓ your vote</span>
                  </button>
                </form>
                <p id="vote-status" class="status" role="status" aria-live="polite">{status}</p>
                <p class="tip">(Tip: you can change your vote)</p>
              </main>
              <footer class="footer">Processed by container ID {host}</footer>
            </body>
            </html>

            """;
    }

    private sealed record Variants(byte[] Unchosen, byte[] ChosenA, byte[] ChosenB);
}
