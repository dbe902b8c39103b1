namespace VotingApp.Hosting.Publishing;

/// <summary>Names, labels and value paths shared by the chart's templates.</summary>
internal static class HelmNames
{
    /// <summary>The namespace every object goes to.</summary>
    public const string Namespace = "{{ include \"votingapp.namespace\" . }}";

    /// <summary>Prometheus scrape path of the ServiceDefaults.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Values key of a service (<c>.Values.&lt;key&gt;</c>); hyphens are not allowed in Helm paths.</summary>
    public static string Key(string service) => service.Replace("-", string.Empty, StringComparison.Ordinal);

    /// <summary><c>.Values.&lt;service&gt;</c>.</summary>
    public static string Values(string service) => $".Values.{Key(service)}";

    /// <summary>Labels that select the pods of <paramref name="service"/>.</summary>
    public static YamlMap SelectorLabels(string service) => new YamlMap()
        .Add("app.kubernetes.io/name", service)
        .Add("app.kubernetes.io/instance", YamlNode.QuotedTpl(".Release.Name"));

    /// <summary>Every label of an object belonging to <paramref name="service"/>.</summary>
    public static YamlMap Labels(string service, string tier)
    {
        var labels = SelectorLabels(service);
        labels.Add("app.kubernetes.io/component", tier);
        labels.Add("app.kubernetes.io/part-of", YamlNode.Raw("{{ .Chart.Name }}"));
        labels.Add("app.kubernetes.io/version", YamlNode.QuotedTpl(".Chart.AppVersion"));
        labels.Add("app.kubernetes.io/managed-by", YamlNode.QuotedTpl(".Release.Service"));
        labels.Add("helm.sh/chart", YamlNode.Raw("\"{{ .Chart.Name }}-{{ .Chart.Version }}\""));
        return labels;
    }

    /// <summary><c>metadata:</c> with name, namespace and labels.</summary>
    public static YamlMap Metadata(YamlMap document, string name, string service, string tier)
    {
        var metadata = document.Map("metadata");
        metadata.Add("name", name);
        metadata.Add("namespace", YamlNode.Raw(Namespace));
        metadata.Add("labels", Labels(service, tier));
        return metadata;
    }

    /// <summary>A new Kubernetes object.</summary>
    public static YamlMap Object(string apiVersion, string kind)
    {
        var document = new YamlMap();
        document.Add("apiVersion", apiVersion);
        document.Add("kind", kind);
        return document;
    }
}
