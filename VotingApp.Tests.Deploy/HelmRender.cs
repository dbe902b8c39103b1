using System.Text.Json.Nodes;

namespace VotingApp.Tests.Publishing;

/// <summary><c>helm template</c> of a chart folder, parsed.</summary>
internal static class HelmRender
{
    public static async Task<List<JsonObject>> TemplateAsync(string chart, string? valuesFile, params string[] sets)
    {
        var args = new List<string> { "template", "votingapp", chart };
        if (valuesFile is not null)
        {
            args.AddRange(["-f", Path.Combine(chart, valuesFile)]);
        }
        foreach (var set in sets)
        {
            args.AddRange(["--set", set]);
        }
        var result = await DeployTools.HelmAsync([.. args]);
        Assert.True(result.ExitCode == 0, $"helm {string.Join(' ', args)} failed:\n{result}");
        return Manifests.Parse(result.Stdout);
    }

    /// <summary>Secrets the chart names but an operator provides, read from the chart's values.</summary>
    public static HashSet<string> ExternalSecrets(string chart)
    {
        var values = Manifests.Parse(File.ReadAllText(Path.Combine(chart, "values.yaml"))).Single();
        var names = new HashSet<string>(StringComparer.Ordinal)
        {
            values.Str("secrets", "existingSecret")!,
            values.Str("ingress", "tls", "secretName")!,
        };
        foreach (var (_, section) in values)
        {
            if (section.Str("external", "existingSecret") is { } external)
            {
                names.Add(external);
            }
        }
        return names;
    }
}
