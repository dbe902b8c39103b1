using VotingApp.Queue;
using VotingApp.ServiceDefaults.Web;
using System.Text;
using System.Text.Encodings.Web;

namespace VotingApp.Vote;

/// <summary>
/// The vote page. Labels, asset URLs and the host name do not change while the process runs, so the three possible
/// pages (nothing chosen, <c>a</c> chosen, <c>b</c> chosen) are rendered once, to UTF-8, at startup.
/// </summary>
internal sealed class VotePage
{
    private readonly byte[] _unchosen;
    private readonly byte[] _chosenA;
    private readonly byte[] _chosenB;

    /// <summary>Renders the three variants.</summary>
    public VotePage(OptionLabels labels, PageAssets assets, string hostName)
    {
        _unchosen = Encoding.UTF8.GetBytes(Render(labels, assets, hostName, chosen: null));
        _chosenA = Encoding.UTF8.GetBytes(Render(labels, assets, hostName, VoteValues.A));
        _chosenB = Encoding.UTF8.GetBytes(Render(labels, assets, hostName, VoteValues.B));
    }

    /// <summary>The page with <paramref name="chosen"/> (<c>a</c>, <c>b</c> or null) marked as the voter's choice.</summary>
    public ReadOnlyMemory<byte> For(string? chosen) => chosen switch
    {
        VoteValues.A => _chosenA,
        VoteValues.B => _chosenB,
        _ => _unchosen,
    };

    /// <summary>Renders the page as HTML; every configured text is HTML-encoded.</summary>
    internal static string Render(OptionLabels labels, PageAssets assets, string hostName, string? chosen)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(assets);
        var encoder = HtmlEncoder.Default;
        var a = encoder.Encode(labels.OptionA);
        var b = encoder.Encode(labels.OptionB);
        var title = $"{a} vs {b}!";
        var host = encoder.Encode(hostName);
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
              <link rel="icon" type="image/svg+xml" href="{assets.Icon.Path}">
              <link rel="stylesheet" href="{assets.Stylesheet.Path}">
              <script src="{assets.Script.Path}" defer></script>
            </head>
            <body>
              <main class="card">
                <h1 class="question">{title}</h1>
                <form id="vote-form" class="options" method="post" action="/" data-choice="{choice}">
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
}
