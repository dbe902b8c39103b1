using System.Text.RegularExpressions;

namespace VotingApp.Worker;

/// <summary>Short, secret-free descriptions of dependency errors for log lines.</summary>
internal static partial class ErrorText
{
    private const int MaxLength = 300;

    /// <summary>"ExceptionType: message", with anything that looks like a password masked and the text capped.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = $"{exception.GetType().Name}: {exception.Message}";
        text = Secrets().Replace(text, "$1=***");
        return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "…");
    }

    [GeneratedRegex("(password|pwd)\\s*=\\s*[^,; ]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Secrets();
}
