using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VotingApp.Hosting.Publishing;

/// <summary>A node of the YAML (or Helm template) text a publisher writes; <see cref="YamlWriter"/> renders it.</summary>
internal abstract class YamlNode
{
    /// <summary>A string scalar, quoted when YAML would read it as something else.</summary>
    public static YamlScalar Str(string value) => new(YamlScalar.Quote(value));

    /// <summary>A number.</summary>
    public static YamlScalar Int(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A boolean.</summary>
    public static YamlScalar Bool(bool value) => new(value ? "true" : "false");

    /// <summary>A single-quoted string (compose ports, as dclint asks).</summary>
    public static YamlScalar SingleQuoted(string value) => new($"'{value.Replace("'", "''", StringComparison.Ordinal)}'");

    /// <summary>A Helm expression printed as is: <c>{{ expr }}</c>.</summary>
    public static YamlScalar Tpl(string expression) => new($"{{{{ {expression} }}}}");

    /// <summary>A Helm expression printed as a quoted string: <c>{{ expr | quote }}</c>.</summary>
    public static YamlScalar QuotedTpl(string expression) => new($"{{{{ {expression} | quote }}}}");
}

/// <summary>A scalar, already in its YAML spelling.</summary>
internal sealed partial class YamlScalar(string text) : YamlNode
{
    /// <summary>The text written after <c>key: </c> or <c>- </c>.</summary>
    public string Text { get; } = text;

    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
    };

    /// <summary>Plain when safe, otherwise double-quoted.</summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && PlainSafe().IsMatch(value) && !s_reserved.Contains(value)
            && !char.IsAsciiDigit(value[0]) && value[^1] != ':' && !value.Contains(": ", StringComparison.Ordinal)
            && !value.Contains(" #", StringComparison.Ordinal) && value[^1] != ' ')
        {
            return value;
        }
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    [GeneratedRegex(@"^[A-Za-z0-9_/][A-Za-z0-9_ ./:@,=+\-]*$")]
    private static partial Regex PlainSafe();
}
