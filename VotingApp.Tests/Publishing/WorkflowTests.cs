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
                  - uses: actions/checkout@v4
                    with: 3
            """);
        try
        {
            var findings = await DeployTools.ActionlintAsync(file);

            Assert.Contains(findings, f => f.Contains("no_such_property", StringComparison.Ordinal));
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
}
