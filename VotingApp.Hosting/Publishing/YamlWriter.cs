using System.Text;

namespace VotingApp.Hosting.Publishing;

/// <summary>
/// Writes <see cref="YamlNode"/> trees as block YAML: two-space indentation, LF line ends, no timestamps, so that the
/// same tree always gives the same bytes. With <c>sortKeys</c> every mapping is written in ordinal key order.
/// </summary>
internal sealed class YamlWriter(bool sortKeys)
{
    private readonly StringBuilder _text = new();

    /// <summary>Renders a document (a mapping at the top level).</summary>
    public static string Write(YamlMap document, bool sortKeys = false)
    {
        var writer = new YamlWriter(sortKeys);
        writer.WriteMap(document, 0);
        return writer._text.ToString();
    }

    private IEnumerable<YamlEntry> Order(YamlMap map)
    {
        if (!sortKeys)
        {
            return map.Entries;
        }
        var order = map.KeyOrder ?? [];
        return map.Entries
            .OrderBy(e => e is YamlKeyValue kv && order.Contains(kv.Key) ? order.ToList().IndexOf(kv.Key) : order.Count)
            .ThenBy(e => e is YamlKeyValue kv ? kv.Key : string.Empty, StringComparer.Ordinal);
    }

    private void WriteMap(YamlMap map, int indent)
    {
        var pad = new string(' ', indent);
        foreach (var entry in Order(map))
        {
            switch (entry)
            {
                case YamlComment comment:
                    _text.Append(pad).Append("# ").Append(comment.Text).Append('\n');
                    break;
                case YamlRaw raw:
                    _text.Append(pad).Append(raw.Line).Append('\n');
                    break;
                case YamlIf conditional:
                    _text.Append(pad).Append("{{- if ").Append(conditional.Condition).Append(" }}\n");
                    WriteMap(conditional.Then, indent);
                    if (conditional.Else is not null)
                    {
                        _text.Append(pad).Append("{{- else }}\n");
                        WriteMap(conditional.Else, indent);
                    }
                    _text.Append(pad).Append("{{- end }}\n");
                    break;
                case YamlKeyValue kv:
                    WriteKeyValue(pad, indent, kv);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown YAML entry {entry.GetType().Name}.");
            }
        }
    }

    private void WriteKeyValue(string pad, int indent, YamlKeyValue kv)
    {
        var key = YamlScalar.Quote(kv.Key);
        switch (kv.Value)
        {
            case YamlScalar scalar:
                _text.Append(pad).Append(key).Append(": ").Append(scalar.Text).Append('\n');
                break;
            case YamlMap { IsEmpty: true }:
                _text.Append(pad).Append(key).Append(": {}\n");
                break;
            case YamlMap nested:
                _text.Append(pad).Append(key).Append(":\n");
                WriteMap(nested, indent + 2);
                break;
            case YamlSeq { Items.Count: 0 }:
                _text.Append(pad).Append(key).Append(": []\n");
                break;
            case YamlSeq seq:
                _text.Append(pad).Append(key).Append(":\n");
                WriteSeq(seq, indent + 2);
                break;
            case YamlToYaml toYaml:
                _text.Append(pad).Append(key).Append(":\n");
                _text.Append(pad).Append("  {{- toYaml ").Append(toYaml.Expression).Append(" | nindent ").Append(indent + 2).Append(" }}\n");
                break;
            default:
                throw new InvalidOperationException($"Unknown YAML node {kv.Value.GetType().Name}.");
        }
    }

    private void WriteSeq(YamlSeq seq, int indent)
    {
        var pad = new string(' ', indent);
        foreach (var item in seq.Items)
        {
            switch (item)
            {
                case YamlScalar scalar:
                    _text.Append(pad).Append("- ").Append(scalar.Text).Append('\n');
                    break;
                case YamlMap { IsEmpty: true }:
                    _text.Append(pad).Append("- {}\n");
                    break;
                case YamlMap map:
                    if (Order(map).First() is not YamlKeyValue)
                    {
                        throw new InvalidOperationException("A mapping in a sequence must start with a plain key.");
                    }
                    var start = _text.Length;
                    WriteMap(map, indent + 2);
                    _text.Remove(start, indent + 2).Insert(start, pad + "- ");
                    break;
                case YamlSeqIf conditional:
                    _text.Append(pad).Append("{{- if ").Append(conditional.Condition).Append(" }}\n");
                    WriteSeq(conditional.Items, indent);
                    _text.Append(pad).Append("{{- end }}\n");
                    break;
                default:
                    throw new InvalidOperationException($"Unknown YAML item {item.GetType().Name}.");
            }
        }
    }
}
