using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VotingApp.Tests.Publishing;

/// <summary>The committed monitoring of <c>deploy/monitoring</c>: the PrometheusRule's alerts and the Grafana dashboard.</summary>
internal static partial class MonitoringAssets
{
    public static string Folder => Path.Combine(RepositoryPaths.Deploy, "monitoring");

    public static JsonObject PrometheusRule => Manifests.Parse(File.ReadAllText(Path.Combine(Folder, "prometheusrule.yaml"))).Single();

    public static JsonObject UnitTests => Manifests.Parse(File.ReadAllText(Path.Combine(Folder, "prometheusrule.test.yaml"))).Single();

    public static string DashboardText => File.ReadAllText(Path.Combine(Folder, "grafana-dashboard.json"));

    public static JsonObject Dashboard => JsonNode.Parse(DashboardText)!.AsObject();

    /// <summary>Every alerting rule of the PrometheusRule.</summary>
    public static IEnumerable<JsonObject> Alerts =>
        PrometheusRule.Items("spec", "groups").SelectMany(g => g.Items("rules")).Cast<JsonObject>().Where(r => r.Str("alert") is not null);

    /// <summary>Every PromQL expression of the alerts and of the dashboard's panels.</summary>
    public static IEnumerable<(string Where, string Expr)> Expressions =>
        Alerts.Select(a => ($"alert {a.Str("alert")}", a.Str("expr")!))
            .Concat(Dashboard.Items("panels").SelectMany(p => p.Items("targets").Select(t => ($"panel '{p.Str("title")}'", t.Str("expr")!))));

    /// <summary>The metric selectors of an expression: the name and, when it names them, the jobs (<c>job="x"</c> or <c>job=~"a|b"</c>).</summary>
    public static IEnumerable<(string Metric, string[] Jobs)> Selectors(string expr) =>
        Selector().Matches(expr).Select(m =>
        {
            var job = Job().Match(m.Groups["labels"].Value);
            return (m.Groups["name"].Value, job.Success ? job.Groups["jobs"].Value.Split('|') : Array.Empty<string>());
        });

    /// <summary>Names of our metric families written without a selector (which would hide them from <see cref="Selectors"/>).</summary>
    public static IEnumerable<string> BareMetricNames(string expr) =>
        BareName().Matches(Selector().Replace(expr, string.Empty)).Select(m => m.Value);

    [GeneratedRegex(@"(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>[^}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"\bjob=~?""(?<jobs>[^""]+)""")]
    private static partial Regex Job();

    [GeneratedRegex(@"\b(votingapp|http_server|dotnet|kube|container|db_client|kestrel|aspnetcore)_[a-zA-Z0-9_]+\b|\bup\b")]
    private static partial Regex BareName();
}
