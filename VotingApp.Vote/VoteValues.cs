using VotingApp.Queue;
namespace VotingApp.Vote;

/// <summary>The stored option ids and the rule that admits a submitted <c>vote</c> value.</summary>
internal static class VoteValues
{
    /// <summary>Id of the first option.</summary>
    public const string A = "a";

    /// <summary>Id of the second option.</summary>
    public const string B = "b";

    /// <summary>Longest <c>vote</c> value that is even looked at; longer ones are refused without being echoed.</summary>
    public const int MaxLength = 16;

    /// <summary>
    /// Admits exactly <c>a</c> or <c>b</c>. Otherwise returns false with a message fit to show the client (it
    /// names the configured options and quotes the submitted value only when it is short).
    /// </summary>
    public static bool TryValidate(string? value, OptionLabels labels, out string vote, out string error)
    {
        ArgumentNullException.ThrowIfNull(labels);
        vote = string.Empty;
        if (value is null)
        {
            error = $"The field 'vote' is missing: {Expected(labels)}.";
            return false;
        }
        if (value.Length == 0)
        {
            error = $"The field 'vote' is empty: {Expected(labels)}.";
            return false;
        }
        if (value.Length > MaxLength)
        {
            error = $"The field 'vote' is longer than {MaxLength} characters: {Expected(labels)}.";
            return false;
        }
        switch (value)
        {
            case A:
                vote = A;
                error = string.Empty;
                return true;
            case B:
                vote = B;
                error = string.Empty;
                return true;
            default:
                error = $"Unknown option '{Printable(value)}': {Expected(labels)}.";
                return false;
        }
    }

    private static string Expected(OptionLabels labels) => $"expected 'a' ({labels.OptionA}) or 'b' ({labels.OptionB})";

    private static string Printable(string value) =>
        string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
}
