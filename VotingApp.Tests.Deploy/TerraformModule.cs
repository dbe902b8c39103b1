using System.Text.RegularExpressions;

namespace VotingApp.Tests.Publishing;

/// <summary>
/// What the tests need to know of one Terraform module folder, read from its .tf files: its variables (and which have
/// a default, a description, a type), its outputs, the modules it calls with their arguments, and every
/// <c>var.x</c> and <c>module.m.o</c> it references. A reader of the top-level block structure only, enough to check
/// the references offline (terraform validate needs the providers, which this network cannot download).
/// </summary>
internal sealed partial class TerraformModule
{
    private TerraformModule(string folder, List<Block> blocks, string text)
    {
        Folder = folder;
        Variables = blocks.Where(b => b.Type == "variable").ToDictionary(b => b.Name, b => b.Body);
        Outputs = [.. blocks.Where(b => b.Type == "output").Select(b => b.Name)];
        Calls = blocks.Where(b => b.Type == "module").ToDictionary(b => b.Name, b => b.Body);
        VariableReferences = [.. VarReference().Matches(text).Select(m => m.Groups[1].Value)];
        ModuleReferences = [.. ModuleReference().Matches(text).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];
    }

    public string Folder { get; }

    /// <summary>Variable name → the text inside its block.</summary>
    public Dictionary<string, string> Variables { get; }

    public HashSet<string> Outputs { get; }

    /// <summary>Module call name → the text inside its block.</summary>
    public Dictionary<string, string> Calls { get; }

    public HashSet<string> VariableReferences { get; }

    public HashSet<(string Module, string Output)> ModuleReferences { get; }

    public static TerraformModule Read(string folder)
    {
        var text = string.Join('\n', Directory.GetFiles(folder, "*.tf").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        return new TerraformModule(folder, TopLevelBlocks(StripComments(text)), StripComments(text));
    }

    /// <summary>The <c>source</c> of a module call.</summary>
    public static string Source(string callBody) => Assignment().Matches(callBody)
        .Where(m => m.Groups["name"].Value == "source").Select(m => m.Groups["value"].Value.Trim().Trim('"')).Single();

    /// <summary>The argument names set at the top level of a block's body (nested blocks and maps excluded).</summary>
    public static HashSet<string> Arguments(string body)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var depth = 0;
        foreach (var line in body.Split('\n'))
        {
            if (depth == 0 && ArgumentLine().Match(line) is { Success: true } m)
            {
                names.Add(m.Groups[1].Value);
            }
            depth += line.Count(c => c is '{' or '[' or '(') - line.Count(c => c is '}' or ']' or ')');
        }
        return names;
    }

    public static bool HasArgument(string body, string name) => Arguments(body).Contains(name);

    private static string StripComments(string text) => Comment().Replace(text, string.Empty);

    private static List<Block> TopLevelBlocks(string text)
    {
        var blocks = new List<Block>();
        foreach (Match header in BlockHeader().Matches(text))
        {
            var open = header.Index + header.Length - 1;
            var depth = 0;
            var inString = false;
            for (var i = open; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '"' && text[i - 1] != '\\')
                {
                    inString = !inString;
                }
                else if (!inString && c == '{')
                {
                    depth++;
                }
                else if (!inString && c == '}' && --depth == 0)
                {
                    blocks.Add(new Block(header.Groups["type"].Value, header.Groups["name"].Value, text[(open + 1)..i]));
                    break;
                }
            }
        }
        return blocks;
    }

    [GeneratedRegex(@"^(?<type>variable|output|module|resource|data)\s+(?:""[^""]+""\s+)?""(?<name>[^""]+)""\s*\{", RegexOptions.Multiline)]
    private static partial Regex BlockHeader();

    [GeneratedRegex(@"(?m)^\s*#.*$|(?<=\s)#[^""\n]*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\bvar\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VarReference();

    [GeneratedRegex(@"\bmodule\.([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ModuleReference();

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>.+)$", RegexOptions.Multiline)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)")]
    private static partial Regex ArgumentLine();

    private sealed record Block(string Type, string Name, string Body);
}
