namespace VotingApp.Tests.Browser;

/// <summary>An opaque sRGB colour, channels 0 to 255 (fractions allowed: composited colours are not rounded).</summary>
public readonly record struct Rgb(double R, double G, double B)
{
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rgb({R:0.#}, {G:0.#}, {B:0.#})");
}

/// <summary>
/// WCAG 2.2 contrast: relative luminance, contrast ratio and what counts as large text. The only contrast math of the
/// browser tests; the page script only reports the colours it rendered.
/// </summary>
public static class Contrast
{
    /// <summary>Normal text (WCAG 2.2 SC 1.4.3, AA).</summary>
    public const double Text = 4.5;

    /// <summary>Large text (SC 1.4.3) and user interface parts such as a focus indicator (SC 1.4.11).</summary>
    public const double LargeTextAndFocus = 3.0;

    // 18 pt and 14 pt in CSS pixels (1 pt = 4/3 px); a hair below, so a computed 18.6667px is not lost to rounding
    private const double LargeSizePx = 18 * 4.0 / 3 - 0.01;
    private const double LargeBoldSizePx = 14 * 4.0 / 3 - 0.01;

    /// <summary>Relative luminance as WCAG 2.2 defines it (sRGB, the 0.04045 threshold).</summary>
    public static double RelativeLuminance(Rgb colour) =>
        0.2126 * Linear(colour.R) + 0.7152 * Linear(colour.G) + 0.0722 * Linear(colour.B);

    /// <summary>(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance over the darker one's: 1 to 21.</summary>
    public static double Ratio(Rgb a, Rgb b)
    {
        var la = RelativeLuminance(a);
        var lb = RelativeLuminance(b);
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    /// <summary>Large text by WCAG's definition: at least 18 pt, or at least 14 pt and bold (700 or heavier).</summary>
    public static bool IsLargeText(double fontSizePx, int fontWeight) =>
        fontSizePx >= LargeSizePx || (fontSizePx >= LargeBoldSizePx && fontWeight >= 700);

    /// <summary>The ratio text of this size and weight needs.</summary>
    public static double RequiredForText(double fontSizePx, int fontWeight) =>
        IsLargeText(fontSizePx, fontWeight) ? LargeTextAndFocus : Text;

    private static double Linear(double channel)
    {
        var c = Math.Clamp(channel, 0, 255) / 255;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
