using VotingApp.Queue;
using VotingApp.ServiceDefaults.Web;
using System.Text.Encodings.Web;

namespace VotingApp.Result;

/// <summary>
/// The result page, rendered on the server with the current tally so it is complete without JavaScript; the script
/// then keeps it live. The split is drawn by SVG rectangles whose sizes are attributes, so no inline style is needed
/// under the Content-Security-Policy: one drawing split left and right, one split top and bottom for narrow screens,
/// the stylesheet showing one of them. Each option's name and percentage sit on a card of the option's own colour, so
/// they stay on their colour wherever the boundary between the two bars moves.
/// </summary>
internal static class ResultPage
{
    /// <summary>
    /// Renders the page for <paramref name="snapshot"/>; configured labels are HTML-encoded. A null snapshot (the tally
    /// not read yet) renders no numbers: dashes, an even neutral split, an empty footer and the "connecting…" status.
    /// Every URL (assets, the live stream, the shared worker) starts with <paramref name="linkPrefix"/> (<c>""</c> or an
    /// escaped path prefix such as <c>/result</c>, <see cref="ProxyHeaders.LinkPrefix"/>).
    /// </summary>
    public static string Render(OptionLabels labels, PageAssets assets, TallySnapshot? snapshot, string linkPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(assets);
        var encoder = HtmlEncoder.Default;
        var a = encoder.Encode(labels.OptionA);
        var b = encoder.Encode(labels.OptionB);
        var (percentA, percentB) = snapshot is null ? (50d, 50d) : ResultMath.Percentages(snapshot.A, snapshot.B);
        // the bars need a geometry; the text must not claim a split nobody has read
        var barA = ResultMath.FormatPercent(percentA);
        var barB = ResultMath.FormatPercent(percentB);
        var pa = snapshot is null ? "–" : barA;
        var pb = snapshot is null ? "–" : barB;
        var footer = snapshot is null ? string.Empty : ResultMath.FooterText(snapshot.Total);
        var prefix = encoder.Encode(linkPrefix);
        // result.js reads the stream's and the shared worker's URLs from its own element: the policy allows no inline
        // script to carry them
        var worker = assets.Worker is null ? string.Empty : $" data-worker-src=\"{prefix}{assets.Worker.Path}\"";
        var connection = snapshot is null
            ? """<span id="connection" class="connection" role="status">connecting…</span>"""
            : """<span id="connection" class="connection" role="status" hidden>reconnecting…</span>""";
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{a} vs {b} – results</title>
              <link rel="icon" type="image/svg+xml" href="{prefix}{assets.Icon.Path}">
              <link rel="stylesheet" href="{prefix}{assets.Stylesheet.Path}">
              <script src="{prefix}{assets.Script.Path}" data-stream-src="{prefix}/api/results/stream"{worker} defer></script>
            </head>
            <body>
              <svg class="bars bars-across" aria-hidden="true" focusable="false" shape-rendering="crispEdges">
                <rect id="bar-a" class="bar bar-a" x="0" y="0" width="{barA}%" height="100%"></rect>
                <rect id="bar-b" class="bar bar-b" x="{barA}%" y="0" width="{barB}%" height="100%"></rect>
              </svg>
              <svg class="bars bars-down" aria-hidden="true" focusable="false" shape-rendering="crispEdges">
                <rect id="bar-a-down" class="bar bar-a" x="0" y="0" width="100%" height="{barA}%"></rect>
                <rect id="bar-b-down" class="bar bar-b" x="0" y="{barA}%" width="100%" height="{barB}%"></rect>
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
                {connection}
              </footer>
            </body>
            </html>

            """;
    }
}
