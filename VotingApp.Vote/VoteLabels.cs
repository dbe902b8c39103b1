namespace VotingApp.Vote;

/// <summary>
/// The two options' display names. The stored values are always <c>a</c> and <c>b</c>; only the labels are
/// configurable: <c>Vote:OptionA</c> / <c>Vote:OptionB</c>, else the original app's <c>OPTION_A</c> / <c>OPTION_B</c>,
/// else <c>Cats</c> / <c>Dogs</c>.
/// </summary>
/// <param name="OptionA">Label of option <c>a</c>.</param>
/// <param name="OptionB">Label of option <c>b</c>.</param>
internal sealed record VoteLabels(string OptionA, string OptionB)
{
    /// <summary>The original app's default for option <c>a</c>.</summary>
    public const string DefaultOptionA = "Cats";

    /// <summary>The original app's default for option <c>b</c>.</summary>
    public const string DefaultOptionB = "Dogs";

    /// <summary>Reads the labels from configuration, honouring the original's environment variables.</summary>
    public static VoteLabels FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new VoteLabels(
            FirstNonBlank(configuration["Vote:OptionA"], configuration["OPTION_A"], DefaultOptionA),
            FirstNonBlank(configuration["Vote:OptionB"], configuration["OPTION_B"], DefaultOptionB));
    }

    /// <summary>The label of option <paramref name="vote"/> (<c>a</c> or <c>b</c>).</summary>
    public string LabelOf(string vote) => vote == VoteValues.B ? OptionB : OptionA;

    /// <summary>The first value that is not null or white space, trimmed.</summary>
    internal static string FirstNonBlank(string? first, string? second, string fallback) =>
        !string.IsNullOrWhiteSpace(first) ? first.Trim()
        : !string.IsNullOrWhiteSpace(second) ? second.Trim()
        : fallback;
}
