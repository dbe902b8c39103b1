using System.Globalization;
using System.Text.RegularExpressions;

namespace VotingApp.Hosting.Publishing;

/// <summary>
/// A node of the YAML (or Helm template) a publisher writes; <see cref="YamlWriter"/> emits it with YamlDotNet. The
/// tree exists because a Helm template is not YAML: it holds <c>{{- if }}</c> blocks and unquoted <c>{{ }}</c> values
/// that no YAML library models.
/// </summary>
internal abstract class YamlNode
{
    /// <summary>A string: plain when YAML would read it back as the same string, otherwise double-quoted.</summary>
    public static YamlScalar Str(string value) => new(value, YamlScalarKind.Text);

    /// <summary>A number.</summary>
    public static YamlScalar Int(long value) => new(value.ToString(CultureInfo.InvariantCulture), YamlScalarKind.Plain);

    /// <summary>A boolean.</summary>
    public static YamlScalar Bool(bool value) => new(value ? "true" : "false", YamlScalarKind.Plain);

    /// <summary>A single-quoted string (compose ports, as dclint asks).</summary>
    public static YamlScalar SingleQuoted(string value) => new(value, YamlScalarKind.SingleQuoted);

    /// <summary>Template text written as is (e.g. <c>{{ include "x" . }}</c>).</summary>
    public static YamlScalar Raw(string template) => new(template, YamlScalarKind.Template);

    /// <summary>A Helm expression printed as is: <c>{{ expr }}</c>.</summary>
    public static YamlScalar Tpl(string expression) => Raw($"{{{{ {expression} }}}}");

    /// <summary>A Helm expression printed as a quoted string: <c>{{ expr | quote }}</c>.</summary>
    public static YamlScalar QuotedTpl(string expression) => Raw($"{{{{ {expression} | quote }}}}");
}

internal enum YamlScalarKind
{
    /// <summary>A string; the writer picks plain or double-quoted.</summary>
    Text,

    /// <summary>A number or boolean, written plain.</summary>
    Plain,

    SingleQuoted,

    /// <summary>Helm template text, written verbatim.</summary>
    Template,
}

/// <summary>A scalar and how it must be written.</summary>
internal sealed partial class YamlScalar(string value, YamlScalarKind kind) : YamlNode
{
    public string Value { get; } = value;

    public YamlScalarKind Kind { get; } = kind;

    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
    };

    /// <summary>
    /// Whether a string can stay plain and still read back as the same string: no YAML indicator, no number-like
    /// start (<c>0.5</c>, <c>10s</c> and <c>8080</c> are quoted so no reader turns them into numbers), no boolean word.
    /// </summary>
    public static bool IsPlainSafe(string value) =>
        value.Length > 0 && PlainSafe().IsMatch(value) && !s_reserved.Contains(value)
        && !char.IsAsciiDigit(value[0]) && value[^1] != ':' && !value.Contains(": ", StringComparison.Ordinal)
        && !value.Contains(" #", StringComparison.Ordinal) && value[^1] != ' ';

    [GeneratedRegex(@"^[A-Za-z0-9_/][A-Za-z0-9_ ./:@,=+\-]*$")]
    private static partial Regex PlainSafe();
}

/// <summary>A value written by Helm's <c>toYaml</c>.</summary>
internal sealed class YamlToYaml(string expression) : YamlNode
{
    public string Expression { get; } = expression;
}
