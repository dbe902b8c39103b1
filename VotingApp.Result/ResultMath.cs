using System.Globalization;

namespace VotingApp.Result;

/// <summary>The numbers the result page shows, as pure functions (the page's script mirrors them exactly).</summary>
internal static class ResultMath
{
    /// <summary>
    /// The split in percent with one decimal: a% = round(a × 100 / (a + b), 1, away from zero), b% = 100 − a%, so the
    /// two always add up to 100. With no votes the split is 50 / 50.
    /// </summary>
    public static (double A, double B) Percentages(long a, long b)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        var total = a + b;
        if (total == 0)
        {
            return (50.0, 50.0);
        }
        var percentA = Math.Round(a * 100.0 / total, 1, MidpointRounding.AwayFromZero);
        return (percentA, Math.Round(100.0 - percentA, 1, MidpointRounding.AwayFromZero));
    }

    /// <summary>A percentage as the page prints it: one decimal, invariant culture (<c>66.7</c>).</summary>
    public static string FormatPercent(double percent) => percent.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>The footer: <c>No votes yet</c>, <c>1 vote</c>, or <c>N votes</c> with thousands separators.</summary>
    public static string FooterText(long total) => total switch
    {
        <= 0 => "No votes yet",
        1 => "1 vote",
        _ => total.ToString("N0", CultureInfo.InvariantCulture) + " votes",
    };
}
