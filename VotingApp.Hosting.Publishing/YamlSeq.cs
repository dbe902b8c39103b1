namespace VotingApp.Hosting.Publishing;

/// <summary>A block sequence.</summary>
internal sealed class YamlSeq : YamlNode
{
    public List<YamlNode> Items { get; } = [];

    /// <summary>Adds an item.</summary>
    public YamlSeq Add(YamlNode item)
    {
        Items.Add(item);
        return this;
    }

    /// <summary>Adds a string item.</summary>
    public YamlSeq Add(string item) => Add(Str(item));

    /// <summary>Adds a mapping item and returns it.</summary>
    public YamlMap AddMap()
    {
        var map = new YamlMap();
        Items.Add(map);
        return map;
    }

    /// <summary>Adds items written only when the Helm condition holds.</summary>
    public YamlSeq If(string condition, Action<YamlSeq> body)
    {
        var seq = new YamlSeq();
        body(seq);
        Items.Add(new YamlSeqIf(condition, seq));
        return this;
    }
}

/// <summary>Conditional items of a sequence.</summary>
internal sealed class YamlSeqIf(string condition, YamlSeq items) : YamlNode
{
    public string Condition { get; } = condition;

    public YamlSeq Items { get; } = items;
}
