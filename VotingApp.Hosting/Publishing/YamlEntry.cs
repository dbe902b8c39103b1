namespace VotingApp.Hosting.Publishing;

/// <summary>A value written by Helm's <c>toYaml</c>.</summary>
internal sealed class YamlToYaml(string expression) : YamlNode
{
    public string Expression { get; } = expression;
}

/// <summary>An entry of a <see cref="YamlMap"/>.</summary>
internal abstract record YamlEntry;

/// <summary><c>key: value</c>.</summary>
internal sealed record YamlKeyValue(string Key, YamlNode Value) : YamlEntry;

/// <summary>Entries under a Helm condition.</summary>
internal sealed record YamlIf(string Condition, YamlMap Then, YamlMap? Else) : YamlEntry;

/// <summary>A raw template line.</summary>
internal sealed record YamlRaw(string Line) : YamlEntry;

/// <summary>A comment line.</summary>
internal sealed record YamlComment(string Text) : YamlEntry;
