using System.Text.Json.Nodes;
using VotingApp.Tests.Observability;

namespace VotingApp.Tests.Publishing;

/// <summary>
/// <c>deploy/monitoring</c>: the alerts pass promtool and their unit tests (each alert fires when it should and stays
/// quiet when it should not), and the kustomization builds the PrometheusRule and the dashboard ConfigMap that
/// Grafana's sidecar loads.
/// </summary>
public sealed class MonitoringTests
{
    [Fact]
    public async Task The_alerts_pass_promtool_check_rules_and_their_unit_tests()
    {
        var folder = Directory.CreateTempSubdirectory("votingapp-rules-").FullName;
        try
        {
            var groups = MonitoringAssets.PrometheusRule.At("spec", "groups")!.DeepClone();
            var full = Path.Combine(folder, "full.rules.yaml");
            await File.WriteAllTextAsync(full, new JsonObject { ["groups"] = groups.DeepClone() }.ToJsonString());
            var check = await DeployTools.RunAsync(Promtool.Executable, ["check", "rules", full], TimeSpan.FromMinutes(1));
            Assert.True(check.ExitCode == 0, $"promtool check rules:\n{check}");
            Assert.Contains($"SUCCESS: {MonitoringAssets.Alerts.Count()} rules found", check.Stdout, StringComparison.Ordinal);

            // the unit tests compare labels; annotations (checked above) are left out so that a reworded text needs no test change
            foreach (var rule in groups.AsArray().SelectMany(g => g!["rules"]!.AsArray()))
            {
                rule!.AsObject().Remove("annotations");
            }
            await File.WriteAllTextAsync(Path.Combine(folder, "votingapp.rules.yaml"), new JsonObject { ["groups"] = groups }.ToJsonString());
            var tests = Path.Combine(folder, "prometheusrule.test.yaml");
            File.Copy(Path.Combine(MonitoringAssets.Folder, "prometheusrule.test.yaml"), tests);
            var run = await DeployTools.RunAsync(Promtool.Executable, ["test", "rules", tests], TimeSpan.FromMinutes(1));
            Assert.True(run.ExitCode == 0, $"promtool test rules:\n{run}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_alert_has_a_severity_a_text_and_a_unit_test_in_which_it_fires()
    {
        var firing = MonitoringAssets.UnitTests.Items("tests")
            .SelectMany(t => t.Items("alert_rule_test"))
            .Where(t => t.Items("exp_alerts").Any())
            .Select(t => t.Str("alertname"))
            .ToHashSet();
        var alerts = MonitoringAssets.Alerts.ToList();
        Assert.True(alerts.Count >= 10, $"only {alerts.Count} alerts");
        Assert.Equal(alerts.Count, alerts.Select(a => a.Str("alert")).Distinct().Count());
        foreach (var alert in alerts)
        {
            var name = alert.Str("alert")!;
            Assert.True(firing.Contains(name), $"no unit test in prometheusrule.test.yaml makes {name} fire");
            Assert.Contains(alert.Str("labels", "severity"), new[] { "critical", "warning", "info" });
            Assert.False(string.IsNullOrWhiteSpace(alert.Str("annotations", "summary")), $"{name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(alert.Str("annotations", "description")), $"{name} has no description");
        }
    }

    [Fact]
    public async Task The_kustomization_builds_the_rule_and_a_dashboard_config_map_that_Grafanas_sidecar_loads()
    {
        var build = await DeployTools.KubectlAsync("kustomize", MonitoringAssets.Folder);
        Assert.True(build.ExitCode == 0, $"kubectl kustomize deploy/monitoring:\n{build}");
        var objects = Manifests.Parse(build.Stdout);
        Assert.Equal(["ConfigMap", "PrometheusRule"], objects.Select(o => o.Kind()).Order());

        var rule = objects.Single(o => o.Kind() == "PrometheusRule");
        Assert.Equal("monitoring.coreos.com/v1", rule.Str("apiVersion"));
        Assert.Equal("votingapp", rule.Str("metadata", "namespace"));

        var configMap = objects.Single(o => o.Kind() == "ConfigMap");
        Assert.Equal("1", configMap.Str("metadata", "labels", "grafana_dashboard"));
        Assert.Equal("votingapp-grafana-dashboard", configMap.Name());
        Assert.Equal(MonitoringAssets.DashboardText, configMap.Str("data", "votingapp.json"));
    }

    [Fact]
    public void The_dashboard_is_a_dashboard_file_whose_panels_all_use_the_chosen_data_source()
    {
        var dashboard = MonitoringAssets.Dashboard;
        // the file (provisioning / sidecar) format: the dashboard itself, not the HTTP API's {"dashboard": …} envelope
        Assert.Null(dashboard["dashboard"]);
        Assert.Equal("votingapp", dashboard.Str("uid"));
        Assert.Equal("datasource", dashboard.Items("templating", "list").First().Str("name"));
        var panels = dashboard.Items("panels").ToList();
        Assert.Equal(panels.Count, panels.Select(p => p.Long("id")).Distinct().Count());
        foreach (var panel in panels.Where(p => p.Str("type") != "row"))
        {
            var title = panel.Str("title");
            Assert.Equal("${datasource}", panel.Str("datasource", "uid"));
            Assert.NotEmpty(panel.Items("targets"));
            Assert.All(panel.Items("targets"), t => Assert.False(string.IsNullOrWhiteSpace(t.Str("expr")), $"panel '{title}' has an empty query"));
            var x = panel.Long("gridPos", "x")!.Value;
            var w = panel.Long("gridPos", "w")!.Value;
            Assert.True(x >= 0 && w > 0 && x + w <= 24, $"panel '{title}' does not fit the 24-column grid");
        }
    }

    [Fact]
    public void Every_metric_in_the_alerts_and_the_dashboard_is_written_as_a_selector()
    {
        foreach (var (where, expr) in MonitoringAssets.Expressions)
        {
            Assert.True(MonitoringAssets.Selectors(expr).Any(), $"{where}: no metric selector in {expr}");
            var bare = MonitoringAssets.BareMetricNames(expr).ToList();
            Assert.True(bare.Count == 0, $"{where}: write {string.Join(", ", bare)} as a selector (name{{labels}}) in {expr}");
        }
    }
}
