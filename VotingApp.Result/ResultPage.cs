using VotingApp.Queue;
using VotingApp.ServiceDefaults.Web;
using System.Text.Encodings.Web;

namespace VotingApp.Result;

/// <summary>
/// The result page, rendered on the server with the current tally so it is complete without JavaScript; the script
/// then keeps it live. The split is drawn by an SVG whose bar widths are attributes, so no inline style is needed
/// under the Content-Security-Policy.
/// </summary>
internal static class ResultPage
{
    /// <summary>Renders the page for <paramref name="snapshot"/>; configured labels are HTML-encoded.</summary>
    public static string Render(OptionLabels labels, PageAssets assets, TallySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(snapshot);
        var encoder = HtmlEncoder.Default;
        var a = encoder.Encode(labels.OptionA);
        var b = encoder.Encode(labels.OptionB);
        var (percentA, percentB) = ResultMath.Percentages(snapshot.A, snapshot.B);
        var pa = ResultMath.FormatPercent(percentA);
        var pb = ResultMath.FormatPercent(percentB);
        var footer = ResultMath.FooterText(snapshot.Total);
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{a} vs {b} – results</title>
              <link rel="icon" type="image/svg+xml" href="{assets.Icon.Path}">
              <link rel="stylesheet" href="{assets.Stylesheet.Path}">
              <script src="{assets.Script.Path}" defer></script>
            </head>
            <body>
              <svg class="bars" aria-hidden="true" focusable="false" shape-rendering="crispEdges">
                <rect id="bar-a" class="bar bar-a" x="0" y="0" width="{pa}%" height="100%"></rect>
                <rect id="bar-b" class="bar bar-b" x="{pa}%" y="0" width="{pb}%" height="100%"></rect>
              </svg>
              <main class="choices">
                <section class="choice choice-a" aria-label="{a}">
                  <h2 class="choice-label">{a}</h2>
                  <p class="choice-percent"><span id="percent-a">{pa}</span>%</p>
                </section>
                <div class="versus" aria-hidden="true">vs</div>
                <section class="choice choice-b" aria-label="{b}">
                  <h2 class="choice-label">{b}</h2>
                  <p class="choice-percent"><span id="percent-b">{pb}</span>%</p>
                </section>
              </main>
              <footer class="result-footer">
                <span id="total" class="total" aria-live="polite">{footer}</span>
                <span id="connection" class="connection" role="status" hidden>reconnecting…</span>
              </footer>
            </body>
            </html>

            """;
    }
}
