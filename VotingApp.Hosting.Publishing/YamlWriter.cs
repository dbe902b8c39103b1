using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VotingApp.Hosting.Publishing;

/// <summary>
/// Writes <see cref="YamlNode"/> trees with YamlDotNet's emitter: block style, two-space indentation with indented
/// sequences, no line folding, LF line ends, so that the same tree always gives the same bytes. YamlDotNet does the
/// quoting and escaping. Helm template parts (<c>{{- if }}</c> lines, unquoted <c>{{ }}</c> values, <c>toYaml</c>) go
/// through the emitter as placeholder tokens and are put in afterwards. With <c>sortKeys</c> every mapping is
/// written in ordinal key order (its <see cref="YamlMap.KeyOrder"/> first).
/// </summary>
internal sealed class YamlWriter
{
    private const string TokenPrefix = "zzyamltemplate";
    private readonly bool _sortKeys;
    private readonly List<string> _templates = [];
    private readonly IEmitter _emitter;
    private readonly StringWriter _text = new(CultureInfo.InvariantCulture) { NewLine = "\n" };

    private YamlWriter(bool sortKeys)
    {
        _sortKeys = sortKeys;
        _emitter = new Emitter(_text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false,
            maxSimpleKeyLength: 1024, skipAnchorName: false, indentSequences: true, newLine: "\n"));
    }

    /// <summary>Renders a document (a mapping at the top level).</summary>
    public static string Write(YamlMap document, bool sortKeys = false)
    {
        var writer = new YamlWriter(sortKeys);
        writer._emitter.Emit(new StreamStart());
        writer._emitter.Emit(new DocumentStart());
        writer.WriteMap(document);
        writer._emitter.Emit(new DocumentEnd(isImplicit: true));
        writer._emitter.Emit(new StreamEnd());
        return writer.PutTemplatesBack(writer._text.ToString());
    }

    private IEnumerable<YamlEntry> Order(YamlMap map)
    {
        if (!_sortKeys)
        {
            return map.Entries;
        }
        var order = map.KeyOrder ?? [];
        return map.Entries
            .OrderBy(e => e is YamlKeyValue kv && order.Contains(kv.Key) ? order.ToList().IndexOf(kv.Key) : order.Count)
            .ThenBy(e => e is YamlKeyValue kv ? kv.Key : string.Empty, StringComparer.Ordinal);
    }

    private static bool HasEntries(YamlMap map) =>
        map.Entries.Any(e => e is YamlKeyValue || (e is YamlIf i && (HasEntries(i.Then) || (i.Else is { } other && HasEntries(other)))));

    private void WriteMap(YamlMap map)
    {
        if (!HasEntries(map))
        {
            _emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, MappingStyle.Flow));
            _emitter.Emit(new MappingEnd());
            return;
        }
        _emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, MappingStyle.Block));
        WriteEntries(map);
        _emitter.Emit(new MappingEnd());
    }

    private void WriteEntries(YamlMap map)
    {
        foreach (var entry in Order(map))
        {
            switch (entry)
            {
                case YamlComment comment:
                    _emitter.Emit(new Comment(comment.Text, isInline: false));
                    break;
                case YamlRaw raw:
                    TemplateLine(raw.Line);
                    break;
                case YamlIf conditional:
                    TemplateLine($"{{{{- if {conditional.Condition} }}}}");
                    WriteEntries(conditional.Then);
                    if (conditional.Else is not null)
                    {
                        TemplateLine("{{- else }}");
                        WriteEntries(conditional.Else);
                    }
                    TemplateLine("{{- end }}");
                    break;
                case YamlKeyValue kv:
                    WriteScalar(YamlNode.Str(kv.Key));
                    WriteValue(kv.Value);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown YAML entry {entry.GetType().Name}.");
            }
        }
    }

    private void WriteValue(YamlNode node)
    {
        switch (node)
        {
            case YamlScalar scalar:
                WriteScalar(scalar);
                break;
            case YamlMap map:
                WriteMap(map);
                break;
            case YamlSeq seq:
                WriteSeq(seq);
                break;
            case YamlToYaml toYaml:
                _emitter.Emit(new Scalar(Token(TemplateKind.ToYaml, toYaml.Expression)));
                break;
            default:
                throw new InvalidOperationException($"Unknown YAML node {node.GetType().Name}.");
        }
    }

    private void WriteSeq(YamlSeq seq)
    {
        var style = seq.Items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block;
        _emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, style));
        WriteItems(seq);
        _emitter.Emit(new SequenceEnd());
    }

    private void WriteItems(YamlSeq seq)
    {
        foreach (var item in seq.Items)
        {
            if (item is YamlSeqIf conditional)
            {
                TemplateLine($"{{{{- if {conditional.Condition} }}}}");
                WriteItems(conditional.Items);
                TemplateLine("{{- end }}");
            }
            else
            {
                if (item is YamlMap map && Order(map).FirstOrDefault() is not YamlKeyValue)
                {
                    throw new InvalidOperationException("A mapping in a sequence must start with a plain key.");
                }
                WriteValue(item);
            }
        }
    }

    private void WriteScalar(YamlScalar scalar)
    {
        var (value, style) = scalar.Kind switch
        {
            YamlScalarKind.Text => (scalar.Value, YamlScalar.IsPlainSafe(scalar.Value) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted),
            YamlScalarKind.Plain => (scalar.Value, ScalarStyle.Plain),
            YamlScalarKind.SingleQuoted => (scalar.Value, ScalarStyle.SingleQuoted),
            _ => (Token(TemplateKind.Value, scalar.Value), ScalarStyle.Plain),
        };
        _emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    /// <summary>A template line between entries or items: emitted as a comment holding a token.</summary>
    private void TemplateLine(string line) => _emitter.Emit(new Comment(Token(TemplateKind.Line, line), isInline: false));

    private enum TemplateKind
    {
        Value,
        Line,
        ToYaml,
    }

    private readonly List<TemplateKind> _kinds = [];

    private string Token(TemplateKind kind, string text)
    {
        _templates.Add(text);
        _kinds.Add(kind);
        return string.Create(CultureInfo.InvariantCulture, $"{TokenPrefix}{_templates.Count - 1:D5}");
    }

    /// <summary>Replaces the tokens: template lines at their line's indentation, values in place, <c>toYaml</c> on the next line.</summary>
    private string PutTemplatesBack(string yaml)
    {
        if (_templates.Count == 0)
        {
            return yaml;
        }
        var output = new StringBuilder();
        foreach (var line in yaml.Split('\n'))
        {
            var at = line.IndexOf(TokenPrefix, StringComparison.Ordinal);
            if (at < 0)
            {
                output.Append(line).Append('\n');
                continue;
            }
            var index = int.Parse(line.AsSpan(at + TokenPrefix.Length, 5), CultureInfo.InvariantCulture);
            var indent = line.Length - line.TrimStart(' ').Length;
            switch (_kinds[index])
            {
                case TemplateKind.Line:
                    output.Append(' ', indent).Append(_templates[index]).Append('\n');
                    break;
                case TemplateKind.ToYaml:
                    // key: token → key:\n  {{- toYaml expr | nindent N }}, N = the key's column + 2
                    var keyColumn = line.Length - line.TrimStart(' ', '-').Length;
                    output.Append(line.AsSpan(0, at).TrimEnd()).Append('\n')
                        .Append(' ', keyColumn + 2)
                        .Append(CultureInfo.InvariantCulture, $"{{{{- toYaml {_templates[index]} | nindent {keyColumn + 2} }}}}").Append('\n');
                    break;
                default:
                    var text = line;
                    // several value tokens may share a line (a key and its value)
                    while ((at = text.IndexOf(TokenPrefix, StringComparison.Ordinal)) >= 0)
                    {
                        var i = int.Parse(text.AsSpan(at + TokenPrefix.Length, 5), CultureInfo.InvariantCulture);
                        text = string.Concat(text.AsSpan(0, at), _templates[i], text.AsSpan(at + TokenPrefix.Length + 5));
                    }
                    output.Append(text).Append('\n');
                    break;
            }
        }
        // Split leaves an empty last piece after the final LF.
        return output.ToString(0, output.Length - 1);
    }
}
