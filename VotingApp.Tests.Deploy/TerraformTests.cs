using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace VotingApp.Tests.Publishing;

/// <summary>
/// deploy/terraform: formatted as terraform fmt wants it, and every reference resolves (what terraform validate would
/// say, which needs provider downloads this network does not reach; GitHub runs it in terraform.yml): variables used
/// are declared and declared ones used, module calls pass what their modules declare, outputs referenced exist, each
/// environment's .tfvars sets only root variables and names a values file the chart has, and every chart value the
/// Helm release sets exists in the chart.
/// </summary>
public sealed partial class TerraformTests
{
    private static string Root => Path.Combine(RepositoryPaths.Deploy, "terraform");

    private static string Chart => Path.Combine(RepositoryPaths.Deploy, "kubernetes");

    private static IEnumerable<TerraformModule> AllModules() =>
        new[] { Root }.Concat(Directory.GetDirectories(Path.Combine(Root, "modules")).Order(StringComparer.Ordinal)).Select(TerraformModule.Read);

    [Fact]
    public async Task It_is_formatted_as_terraform_fmt_wants()
    {
        var result = await DeployTools.RunAsync("terraform", ["fmt", "-check", "-recursive", "-diff", "-no-color", Root], TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Terraform_fmt_rejects_a_broken_file_so_the_check_above_can_fail()
    {
        var folder = Directory.CreateTempSubdirectory("votingapp-tf-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "main.tf"), "variable \"x\" {\n  type = string\n");
            var result = await DeployTools.RunAsync("terraform", ["fmt", "-check", "-no-color", folder], TimeSpan.FromMinutes(1));

            Assert.NotEqual(0, result.ExitCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_variable_is_declared_documented_typed_and_used()
    {
        var problems = new List<string>();
        foreach (var module in AllModules())
        {
            var name = Path.GetRelativePath(Root, module.Folder);
            problems.AddRange(module.VariableReferences.Where(v => !module.Variables.ContainsKey(v)).Select(v => $"{name}: var.{v} is not declared"));
            problems.AddRange(module.Variables.Keys.Where(v => !module.VariableReferences.Contains(v)).Select(v => $"{name}: variable {v} is never used"));
            problems.AddRange(module.Variables.Where(v => !TerraformModule.HasArgument(v.Value, "description")).Select(v => $"{name}: variable {v.Key} has no description"));
            problems.AddRange(module.Variables.Where(v => !TerraformModule.HasArgument(v.Value, "type")).Select(v => $"{name}: variable {v.Key} has no type"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(AllModules().Count() >= 4, "the root module and its modules");
    }

    [Fact]
    public void Module_calls_pass_exactly_what_the_modules_declare_and_read_only_outputs_they_have()
    {
        var problems = new List<string>();
        foreach (var module in AllModules())
        {
            foreach (var (call, body) in module.Calls)
            {
                var target = TerraformModule.Read(Path.GetFullPath(Path.Combine(module.Folder, TerraformModule.Source(body))));
                var passed = TerraformModule.Arguments(body);
                passed.Remove("source");
                problems.AddRange(passed.Where(a => !target.Variables.ContainsKey(a)).Select(a => $"module {call}: {a} is not a variable of {TerraformModule.Source(body)}"));
                problems.AddRange(target.Variables.Where(v => !TerraformModule.HasArgument(v.Value, "default") && !passed.Contains(v.Key))
                    .Select(v => $"module {call}: required variable {v.Key} is not passed"));
                problems.AddRange(module.ModuleReferences.Where(r => r.Module == call && !target.Outputs.Contains(r.Output))
                    .Select(r => $"module.{call}.{r.Output}: no such output"));
            }
            problems.AddRange(module.ModuleReferences.Where(r => !module.Calls.ContainsKey(r.Module)).Select(r => $"module.{r.Module}: no such module call"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Each_environment_sets_only_root_variables_and_has_its_chart_values_and_state_key()
    {
        var root = TerraformModule.Read(Root);
        var files = Directory.GetFiles(Path.Combine(Root, "environments"), "*.tfvars");
        Assert.Equal(["dev", "prod"], files.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            var environment = Path.GetFileNameWithoutExtension(file);
            var text = File.ReadAllText(file);
            var set = TerraformModule.Arguments(text);

            Assert.All(set, name => Assert.True(root.Variables.ContainsKey(name), $"{environment}.tfvars sets {name}, which is no root variable"));
            Assert.Contains($"environment        = \"{environment}\"", text, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(Chart, $"values-{environment}.yaml")), $"the chart has no values-{environment}.yaml");
            var backend = File.ReadAllText(Path.Combine(Root, "environments", $"{environment}.backend.hcl"));
            Assert.Contains($"key                  = \"{environment}.tfstate\"", backend, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_chart_value_the_release_sets_exists_in_the_chart_and_every_app_image_is_set()
    {
        var release = File.ReadAllText(Path.Combine(Root, "modules", "votingapp", "main.tf"));
        var services = ServiceList().Match(release).Groups[1].Value.Split(',').Select(s => s.Trim().Trim('"')).ToList();
        var names = SetName().Matches(release).Select(m => m.Groups[1].Value)
            .SelectMany(n => n.Contains("${set.value}", StringComparison.Ordinal) ? services.Select(s => n.Replace("${set.value}", s, StringComparison.Ordinal)) : [n])
            .ToList();
        var values = new YamlStream();
        values.Load(new StringReader(File.ReadAllText(Path.Combine(Chart, "values.yaml"))));
        var top = (YamlMappingNode)values.Documents[0].RootNode;

        Assert.True(names.Count >= 10, string.Join(", ", names));
        Assert.All(names, name => Assert.True(Exists(top, name.Split('.')), $"the chart has no value {name}"));
        // every image the project builds (the services with an image.repository of votingapp/*) is set to the release's tag
        var appImages = top.Children.Where(c => c.Value is YamlMappingNode m && m.Children.TryGetValue("image", out var i)
                && ((YamlMappingNode)i).Children[new YamlScalarNode("repository")].ToString().StartsWith("votingapp/", StringComparison.Ordinal))
            .Select(c => c.Key.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(appImages, services.Order(StringComparer.Ordinal));
    }

    private static bool Exists(YamlMappingNode node, ReadOnlySpan<string> path)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(path[0]), out var child))
        {
            return false;
        }
        return path.Length == 1 || (child is YamlMappingNode mapping && Exists(mapping, path[1..]));
    }

    [GeneratedRegex(@"services\s*=\s*\[([^\]]+)\]")]
    private static partial Regex ServiceList();

    [GeneratedRegex(@"name\s*=\s*""([^""]+)""\s*\n\s*value\s*=")]
    private static partial Regex SetName();
}
