namespace VotingApp.Hosting.Publishing;

/// <summary>A block mapping; entries keep the order they were added in (or are sorted by the writer).</summary>
internal sealed class YamlMap : YamlNode
{
    public List<YamlEntry> Entries { get; } = [];

    /// <summary>With a sorting writer: these keys first, in this order, then the rest in ordinal order.</summary>
    public IReadOnlyList<string>? KeyOrder { get; set; }

    public bool IsEmpty => Entries.Count == 0;

    /// <summary>Adds <c>key: value</c>.</summary>
    public YamlMap Add(string key, YamlNode value)
    {
        Entries.Add(new YamlKeyValue(key, value));
        return this;
    }

    /// <summary>Adds <c>key: string</c>.</summary>
    public YamlMap Add(string key, string value) => Add(key, Str(value));

    /// <summary>Adds <c>key: number</c>.</summary>
    public YamlMap Add(string key, long value) => Add(key, Int(value));

    /// <summary>Adds <c>key: bool</c>.</summary>
    public YamlMap Add(string key, bool value) => Add(key, Bool(value));

    /// <summary>Adds a nested mapping and returns it.</summary>
    public YamlMap Map(string key)
    {
        var map = new YamlMap();
        Add(key, map);
        return map;
    }

    /// <summary>Adds a sequence and returns it.</summary>
    public YamlSeq Seq(string key)
    {
        var seq = new YamlSeq();
        Add(key, seq);
        return seq;
    }

    /// <summary>Adds <c>key:</c> followed by <c>{{- toYaml expr | nindent n }}</c>.</summary>
    public YamlMap ToYaml(string key, string expression) => Add(key, new YamlToYaml(expression));

    /// <summary>Adds entries written only when the Helm condition holds (<c>{{- if cond }}</c> … <c>{{- end }}</c>).</summary>
    public YamlMap If(string condition, Action<YamlMap> body, Action<YamlMap>? otherwise = null)
    {
        var then = new YamlMap();
        body(then);
        YamlMap? @else = null;
        if (otherwise is not null)
        {
            @else = new YamlMap();
            otherwise(@else);
        }
        Entries.Add(new YamlIf(condition, then, @else));
        return this;
    }

    /// <summary>Adds a raw template line (e.g. <c>{{- with … }}{{ toYaml . | nindent 4 }}{{- end }}</c>).</summary>
    public YamlMap RawLine(string line)
    {
        Entries.Add(new YamlRaw(line));
        return this;
    }

    /// <summary>Adds a comment line.</summary>
    public YamlMap Comment(string text)
    {
        Entries.Add(new YamlComment(text));
        return this;
    }
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
