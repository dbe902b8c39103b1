namespace VotingApp.Tests.Publishing;

/// <summary>The GitHub Actions workflow: clean under actionlint, and it runs the one CI entry point, <c>.ci/run</c>.</summary>
public sealed class WorkflowTests
{
    private static string Workflows => Path.Combine(RepositoryPaths.Root, ".github", "workflows");

    [Fact]
    public async Task Every_workflow_passes_actionlint()
    {
        var files = Directory.GetFiles(Workflows, "*.yml");
        Assert.NotEmpty(files);

        var findings = await DeployTools.ActionlintAsync(files);

        Assert.Empty(findings);
    }

    [Fact]
    public async Task Actionlint_reports_a_broken_workflow_so_the_check_above_can_fail()
    {
        var file = Path.Combine(Path.GetTempPath(), $"votingapp-broken-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, """
            on: push
            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - run: echo ${{ github.no_such_property }}
              typo:
                runs-on: ubuntu-24.04-typo
                steps:
                  - run: echo hi
                  - uses: actions/checkout@v4
                    with: 3
            """);
        try
        {
            var findings = await DeployTools.ActionlintAsync(file);

            Assert.Contains(findings, f => f.Contains("no_such_property", StringComparison.Ordinal));
            // the allowance for GitHub's newer runner labels is exact: a misspelt one is still reported
            Assert.Contains(findings, f => f.Contains("ubuntu-24.04-typo", StringComparison.Ordinal));
            Assert.True(findings.Count >= 2, string.Join('\n', findings));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_ci_workflow_runs_the_same_entry_point_as_every_other_ci()
    {
        var workflow = await File.ReadAllTextAsync(Path.Combine(Workflows, "ci.yml"));

        Assert.Contains("run: .ci/run", workflow, StringComparison.Ordinal);
        Assert.Contains("global-json-file: global.json", workflow, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, ".ci", "run")));
    }

    [Fact]
    public async Task The_images_workflow_builds_scans_and_installs_every_image_the_projects_define()
    {
        var workflow = await File.ReadAllTextAsync(Path.Combine(Workflows, "images.yml"));
        var services = Directory.GetFiles(RepositoryPaths.Root, "*.csproj", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .Select(text => System.Text.RegularExpressions.Regex.Match(text, "<ContainerRepository>votingapp/([a-z]+)</ContainerRepository>"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["migrations", "result", "seed", "vote", "worker"], services);

        // both matrices (build per architecture, publish per service) cover every image
        var matrices = System.Text.RegularExpressions.Regex.Matches(workflow, @"service: \[([a-z, ]+)\]")
            .Select(m => m.Groups[1].Value.Split(", ").Order(StringComparer.Ordinal).ToList()).ToList();
        Assert.Equal(2, matrices.Count);
        Assert.All(matrices, m => Assert.Equal(services, m));
        // the kind job builds and loads every image under the name the chart gives it
        Assert.All(services, s => Assert.Contains($"VotingApp.{char.ToUpperInvariant(s[0])}{s[1..]}", workflow, StringComparison.Ordinal));
        Assert.Contains($"for service in {string.Join(' ', new[] { "vote", "result", "worker", "migrations", "seed" })}; do", workflow, StringComparison.Ordinal);
        // the image scan blocks (the seed projects' Trivy never failed a build), and nothing is pushed from a pull request
        Assert.Contains("exit-code: \"1\"", workflow, StringComparison.Ordinal);
        Assert.Contains("if: github.event_name != 'pull_request'", workflow, StringComparison.Ordinal);
        Assert.Contains("rules_file_name: .zap/rules.tsv", workflow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_kind_job_publishes_with_the_aspire_cli_checks_the_output_and_deploys_that_output()
    {
        var workflow = await File.ReadAllTextAsync(Path.Combine(Workflows, "images.yml"));
        var kind = workflow[workflow.IndexOf("\n  kind:\n", StringComparison.Ordinal)..];
        int At(string text)
        {
            var index = kind.IndexOf(text, StringComparison.Ordinal);
            Assert.True(index >= 0, $"the kind job does not contain: {text}");
            return index;
        }

        // in this order: the CLI from the manifest publishes, the validations run, the output equals deploy/, and the
        // chart installed is the published one (not the committed copy)
        var restore = At("dotnet tool restore");
        var publish = At("dotnet aspire publish --apphost VotingApp.AppHost/VotingApp.AppHost.csproj -o \"$PWD/deploy-out\"");
        var validate = At("dotnet test VotingApp.Tests.Deploy/VotingApp.Tests.Deploy.csproj");
        var diff = At("diff -r deploy-out/kubernetes deploy/kubernetes");
        At("diff -r deploy-out/compose deploy/compose");
        var install = At("helm upgrade --install votingapp deploy-out/kubernetes -f deploy-out/kubernetes/values-dev.yaml");
        Assert.True(restore < publish && publish < validate && validate < diff && diff < install, "the kind job's steps are out of order");
        Assert.DoesNotContain("helm upgrade --install votingapp deploy/kubernetes", kind, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, ".config", "dotnet-tools.json")));

        // every test class the step names exists, so the filter cannot silently select nothing
        var filter = System.Text.RegularExpressions.Regex.Match(kind, "--filter \"([^\"]+)\"").Groups[1].Value;
        var classes = filter.Split('|').Select(f => f.Replace("FullyQualifiedName~", string.Empty, StringComparison.Ordinal)).ToList();
        Assert.Contains("HelmChartTests", classes);
        Assert.All(classes, c => Assert.NotNull(typeof(WorkflowTests).Assembly.GetType($"VotingApp.Tests.Publishing.{c}")));
    }
}
