using Microsoft.Extensions.Configuration;

namespace VotingApp.Queue;

/// <summary>
/// The display names of the two options (the stored values are always <c>a</c> and <c>b</c>). Read from
/// <c>&lt;section&gt;:OptionA</c> / <c>&lt;section&gt;:OptionB</c>, else the original app's <c>OPTION_A</c> / <c>OPTION_B</c>,
/// else Cats / Dogs.
/// </summary>
public sealed record OptionLabels(string OptionA, string OptionB)
{
    /// <summary>The original app's default for option a.</summary>
    public const string DefaultOptionA = "Cats";

    /// <summary>The original app's default for option b.</summary>
    public const string DefaultOptionB = "Dogs";

    /// <summary>Reads the labels for the service whose settings live under <paramref name="section"/> (<c>Vote</c>, <c>Result</c>).</summary>
    public static OptionLabels FromConfiguration(IConfiguration configuration, string section)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new OptionLabels(
            FirstNonBlank(configuration[$"{section}:OptionA"], configuration["OPTION_A"], DefaultOptionA),
            FirstNonBlank(configuration[$"{section}:OptionB"], configuration["OPTION_B"], DefaultOptionB));
    }

    internal static string FirstNonBlank(string? first, string? second, string fallback) =>
        !string.IsNullOrWhiteSpace(first) ? first.Trim()
        : !string.IsNullOrWhiteSpace(second) ? second.Trim()
        : fallback;
}
