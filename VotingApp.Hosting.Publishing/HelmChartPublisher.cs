namespace VotingApp.Hosting.Publishing;

/// <summary>
/// Writes a Helm chart for the model: hardened workloads, NetworkPolicies derived from the model's references,
/// PDBs, HPAs, a namespace quota sized from the model, Ingress, ServiceMonitor, the explicit-start tools as Jobs and
/// the one-shot services (<c>WaitForCompletion</c>) as init containers of the services that wait for them;
/// <c>values-dev.yaml</c> and <c>values-prod.yaml</c> size it. Secrets are referenced by name only.
/// </summary>
internal static class HelmChartPublisher
{
    public const string TemplatesFolder = "templates";
    public const string ChartVersion = "1.0.0";

    public static IReadOnlyDictionary<string, string> Publish(DeploymentModel model, PublishOptions options)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Chart.yaml"] = Chart(model, options),
            [".helmignore"] = "# Generated; see values.yaml.\n.git/\n*.swp\n*.tmp\n",
            ["values.yaml"] = HelmValues.Defaults(model, options),
            ["values-dev.yaml"] = HelmValues.Dev(model, options),
            ["values-prod.yaml"] = HelmValues.Prod(model, options),
            [$"{TemplatesFolder}/_helpers.tpl"] = Helpers,
            [$"{TemplatesFolder}/NOTES.txt"] = Notes(model),
            [$"{TemplatesFolder}/namespace.yaml"] = HelmWorkloadTemplates.Render(".Values.namespace.create", Namespace(model)),
            [$"{TemplatesFolder}/networkpolicy.yaml"] = HelmWorkloadTemplates.Render(".Values.networkPolicy.enabled", DefaultDeny(), AllowDns()),
            [$"{TemplatesFolder}/resourcequota.yaml"] = HelmWorkloadTemplates.Render(".Values.resourceQuota.enabled", ResourceQuota(model), LimitRange(model)),
            [$"{TemplatesFolder}/ingress.yaml"] = HelmWorkloadTemplates.Render(".Values.ingress.enabled", Ingress(model)),
            [$"{TemplatesFolder}/certmanager-issuer.yaml"] = HelmWorkloadTemplates.Render($"and {CertManagerOn} .Values.ingress.tls.certManager.issuer.create", CertManagerIssuer(model)),
            [$"{TemplatesFolder}/certmanager-networkpolicy.yaml"] = HelmWorkloadTemplates.Render($"and {CertManagerOn} .Values.networkPolicy.enabled", AcmeSolverPolicy()),
            [$"{TemplatesFolder}/servicemonitor.yaml"] = HelmWorkloadTemplates.Render(".Values.serviceMonitor.enabled", ServiceMonitor(model)),
        };
        foreach (var service in model.Services)
        {
            HelmWorkloadTemplates.Add(model, service, files);
        }
        return files;
    }

    private static string Chart(DeploymentModel model, PublishOptions options)
    {
        var chart = new YamlMap();
        chart.Add("apiVersion", "v2");
        chart.Add("name", model.Name);
        chart.Add("description", $"{model.Name} ({string.Join(", ", model.Services.Select(s => s.Name))}), generated from the Aspire AppHost model.");
        chart.Add("type", "application");
        chart.Add("version", ChartVersion);
        chart.Add("appVersion", YamlNode.Str("1.0.0"));
        chart.Add("kubeVersion", ">= 1.25.0-0");
        chart.Seq("keywords").Add("aspire").Add("kubernetes").Add("voting");
        return "# Generated from the AppHost model; do not edit. Regenerate with:\n#   "
            + options.RegenerateCommand + "\n" + YamlWriter.Write(chart);
    }

    private const string Helpers = """
        {{/* Generated from the AppHost model; do not edit. */}}

        {{/* The namespace every object goes to: the chart's own (with Pod Security labels) or the release's. */}}
        {{- define "votingapp.namespace" -}}
        {{- if .Values.namespace.create -}}
        {{- .Values.namespace.name -}}
        {{- else -}}
        {{- .Release.Namespace -}}
        {{- end -}}
        {{- end -}}

        {{/* The Ingress's annotations: the values' own, plus cert-manager's issuer annotation when cert-manager issues the
             TLS Secret (cert-manager's ingress-shim watches for it and creates the Certificate for the tls section). */}}
        {{- define "votingapp.ingressAnnotations" -}}
        {{- $annotations := deepCopy (.Values.ingress.annotations | default dict) -}}
        {{- if .Values.ingress.tls.certManager.enabled -}}
        {{- if not .Values.ingress.tls.enabled -}}
        {{- fail "ingress.tls.certManager.enabled needs ingress.tls.enabled: cert-manager issues the Secret that the Ingress's tls section names" -}}
        {{- end -}}
        {{- $issuer := .Values.ingress.tls.certManager.issuer -}}
        {{- $key := ternary "cert-manager.io/cluster-issuer" "cert-manager.io/issuer" (eq (include "votingapp.issuerKind" .) "ClusterIssuer") -}}
        {{- $_ := set $annotations $key (required "ingress.tls.certManager.issuer.name is required" $issuer.name) -}}
        {{- end -}}
        {{- toYaml $annotations -}}
        {{- end -}}

        {{/* ingress.tls.certManager.issuer.kind, checked: cert-manager has no other issuer kinds an Ingress can name. */}}
        {{- define "votingapp.issuerKind" -}}
        {{- $kind := .Values.ingress.tls.certManager.issuer.kind -}}
        {{- if not (has $kind (list "ClusterIssuer" "Issuer")) -}}
        {{- fail (printf "ingress.tls.certManager.issuer.kind must be ClusterIssuer or Issuer, not %q" $kind) -}}
        {{- end -}}
        {{- $kind -}}
        {{- end -}}

        {{/* registry/repository:tag; global.imageRegistry replaces the image's registry (mirrors). */}}
        {{- define "votingapp.image" -}}
        {{- $registry := .global.imageRegistry | default .image.registry | trimSuffix "/" -}}
        {{- if $registry -}}
        {{- printf "%s/%s:%s" $registry .image.repository (toString .image.tag) -}}
        {{- else -}}
        {{- printf "%s:%s" .image.repository (toString .image.tag) -}}
        {{- end -}}
        {{- end -}}

        """;

    private static YamlMap Namespace(DeploymentModel model)
    {
        var ns = HelmNames.Object("v1", "Namespace");
        var metadata = ns.Map("metadata");
        metadata.Add("name", YamlNode.Tpl(".Values.namespace.name"));
        var labels = metadata.Map("labels");
        labels.Add("app.kubernetes.io/part-of", model.Name);
        labels.Add("app.kubernetes.io/managed-by", YamlNode.QuotedTpl(".Release.Service"));
        foreach (var mode in new[] { "enforce", "audit", "warn" })
        {
            labels.Add($"pod-security.kubernetes.io/{mode}", YamlNode.QuotedTpl(".Values.namespace.podSecurity"));
            labels.Add($"pod-security.kubernetes.io/{mode}-version", "latest");
        }
        metadata.Map("annotations").Add("helm.sh/resource-policy", "keep");
        return ns;
    }

    private static YamlMap ResourceQuota(DeploymentModel model)
    {
        var quota = HelmNames.Object("v1", "ResourceQuota");
        HelmNames.Metadata(quota, model.Name, model.Name, "platform");
        quota.Map("spec").ToYaml("hard", ".Values.resourceQuota.hard");
        return quota;
    }

    private static YamlMap LimitRange(DeploymentModel model)
    {
        var range = HelmNames.Object("v1", "LimitRange");
        HelmNames.Metadata(range, model.Name, model.Name, "platform");
        range.Map("spec").Seq("limits").AddMap()
            .Add("type", "Container")
            .ToYaml("defaultRequest", ".Values.resourceQuota.containerDefaults.requests")
            .ToYaml("default", ".Values.resourceQuota.containerDefaults.limits");
        return range;
    }

    private static YamlMap DefaultDeny()
    {
        var policy = HelmNames.Object("networking.k8s.io/v1", "NetworkPolicy");
        HelmNames.Metadata(policy, "default-deny", "default-deny", "platform");
        var spec = policy.Map("spec");
        spec.Add("podSelector", new YamlMap());
        spec.Seq("policyTypes").Add("Ingress").Add("Egress");
        return policy;
    }

    private static YamlMap AllowDns()
    {
        var policy = HelmNames.Object("networking.k8s.io/v1", "NetworkPolicy");
        HelmNames.Metadata(policy, "allow-dns", "allow-dns", "platform");
        var spec = policy.Map("spec");
        spec.Add("podSelector", new YamlMap());
        spec.Seq("policyTypes").Add("Egress");
        var rule = spec.Seq("egress").AddMap();
        rule.Seq("to").AddMap()
            .Add("namespaceSelector", new YamlMap().Add("matchLabels", new YamlMap().Add("kubernetes.io/metadata.name", YamlNode.QuotedTpl(".Values.networkPolicy.dnsNamespace"))))
            .Add("podSelector", new YamlMap().Add("matchLabels", new YamlMap().Add("k8s-app", "kube-dns")));
        var ports = rule.Seq("ports");
        ports.AddMap().Add("protocol", "UDP").Add("port", 53);
        ports.AddMap().Add("protocol", "TCP").Add("port", 53);
        return policy;
    }

    private static YamlMap Ingress(DeploymentModel model)
    {
        var external = model.Services.Where(s => s.IsExternal && s.ContainerPort is not null).ToList();
        var ingress = HelmNames.Object("networking.k8s.io/v1", "Ingress");
        var metadata = HelmNames.Metadata(ingress, model.Name, model.Name, "frontend");
        metadata.If("or .Values.ingress.annotations .Values.ingress.tls.certManager.enabled",
            m => m.ToYaml("annotations", "(include \"votingapp.ingressAnnotations\" . | fromYaml)"));
        var spec = ingress.Map("spec");
        spec.Add("ingressClassName", YamlNode.QuotedTpl(".Values.ingress.className"));
        spec.If(".Values.ingress.tls.enabled", m =>
        {
            var tls = m.Seq("tls").AddMap();
            var hosts = tls.Seq("hosts");
            foreach (var service in external)
            {
                hosts.Add(YamlNode.QuotedTpl($".Values.ingress.hosts.{HelmNames.Key(service.Name)}"));
            }
            tls.Add("secretName", YamlNode.QuotedTpl(".Values.ingress.tls.secretName"));
        });
        var rules = spec.Seq("rules");
        foreach (var service in external)
        {
            var rule = rules.AddMap();
            rule.Add("host", YamlNode.QuotedTpl($".Values.ingress.hosts.{HelmNames.Key(service.Name)}"));
            var path = rule.Map("http").Seq("paths").AddMap();
            path.Add("path", "/");
            path.Add("pathType", "Prefix");
            path.Map("backend").Map("service").Add("name", service.Name).Map("port").Add("number", service.ContainerPort!.Value);
        }
        return ingress;
    }

    /// <summary>cert-manager issues the ingress's TLS Secret: only with the ingress, its TLS and cert-manager all on.</summary>
    private const string CertManagerOn = ".Values.ingress.enabled .Values.ingress.tls.enabled .Values.ingress.tls.certManager.enabled";

    /// <summary>
    /// The ACME issuer the chart creates when asked (otherwise the Ingress names one the operator has): an <c>Issuer</c> in the
    /// namespace, or a cluster-wide <c>ClusterIssuer</c>, solving HTTP-01 through the chart's own ingress class.
    /// </summary>
    private static YamlMap CertManagerIssuer(DeploymentModel model)
    {
        const string issuer = ".Values.ingress.tls.certManager.issuer";
        var document = new YamlMap();
        document.Add("apiVersion", "cert-manager.io/v1");
        document.Add("kind", YamlNode.Raw("{{ include \"votingapp.issuerKind\" . }}"));
        var metadata = document.Map("metadata");
        metadata.Add("name", YamlNode.QuotedTpl($"required \"ingress.tls.certManager.issuer.name is required\" {issuer}.name"));
        // a ClusterIssuer is cluster-scoped: a namespace on it would be ignored by Helm and rejected by policy tools
        metadata.If("eq (include \"votingapp.issuerKind\" .) \"Issuer\"", m => m.Add("namespace", YamlNode.Raw(HelmNames.Namespace)));
        metadata.Add("labels", HelmNames.Labels(model.Name, "frontend"));
        var acme = document.Map("spec").Map("acme");
        // the account's contact address is optional for ACME (Let's Encrypt no longer mails expiry notices): omitted when empty
        acme.If($"{issuer}.acme.email", m => m.Add("email", YamlNode.QuotedTpl($"{issuer}.acme.email")));
        acme.Add("server", YamlNode.QuotedTpl($"required \"ingress.tls.certManager.issuer.acme.server is required\" {issuer}.acme.server"));
        acme.Map("privateKeySecretRef").Add("name", YamlNode.QuotedTpl($"printf \"%s-account-key\" {issuer}.name"));
        acme.Seq("solvers").AddMap().Map("http01").Map("ingress").Add("ingressClassName", YamlNode.QuotedTpl(".Values.ingress.className"));
        return document;
    }

    /// <summary>
    /// cert-manager answers HTTP-01 from solver pods it creates in the Ingress's namespace (port 8089, label
    /// <c>acme.cert-manager.io/http01-solver</c>); the namespace's default deny would keep the ingress controller from them
    /// and no certificate would ever be issued.
    /// </summary>
    private static YamlMap AcmeSolverPolicy()
    {
        var policy = HelmNames.Object("networking.k8s.io/v1", "NetworkPolicy");
        HelmNames.Metadata(policy, "acme-http01-solver", "acme-http01-solver", "platform");
        var spec = policy.Map("spec");
        spec.Map("podSelector").Map("matchLabels").Add("acme.cert-manager.io/http01-solver", "true");
        spec.Seq("policyTypes").Add("Ingress");
        var rule = spec.Seq("ingress").AddMap();
        rule.Seq("from").AddMap().Add("namespaceSelector", new YamlMap().Add("matchLabels",
            new YamlMap().Add("kubernetes.io/metadata.name", YamlNode.QuotedTpl(".Values.networkPolicy.ingressControllerNamespace"))));
        rule.Seq("ports").AddMap().Add("protocol", "TCP").Add("port", 8089);
        return policy;
    }

    private static YamlMap ServiceMonitor(DeploymentModel model)
    {
        var monitor = HelmNames.Object("monitoring.coreos.com/v1", "ServiceMonitor");
        var metadata = HelmNames.Metadata(monitor, model.Name, model.Name, "platform");
        var labels = (YamlMap)metadata.Entries.OfType<YamlKeyValue>().Single(e => e.Key == "labels").Value;
        labels.RawLine("{{- with .Values.serviceMonitor.labels }}{{ toYaml . | nindent 4 }}{{- end }}");
        var spec = monitor.Map("spec");
        var selector = spec.Map("selector");
        selector.Map("matchLabels").Add("app.kubernetes.io/instance", YamlNode.QuotedTpl(".Release.Name")).Add("app.kubernetes.io/part-of", model.Name);
        var expression = selector.Seq("matchExpressions").AddMap();
        expression.Add("key", "app.kubernetes.io/name");
        expression.Add("operator", "In");
        var names = expression.Seq("values");
        foreach (var service in model.Services.Where(s => s.Kind == ServiceKind.Project && !s.ExplicitStart && s.ContainerPort is not null))
        {
            names.Add(service.Name);
        }
        spec.Map("namespaceSelector").Seq("matchNames").Add(YamlNode.Raw(HelmNames.Namespace));
        spec.Seq("endpoints").AddMap()
            .Add("port", "http")
            .Add("path", HelmNames.MetricsPath)
            .Add("interval", YamlNode.QuotedTpl(".Values.serviceMonitor.interval"));
        return monitor;
    }

    private static string Notes(DeploymentModel model)
    {
        var external = model.Services.Where(s => s.IsExternal).Select(s => s.Name).ToList();
        var text = new System.Text.StringBuilder("{{ .Chart.Name }} is installed in namespace {{ include \"votingapp.namespace\" . }}.\n\n");
        text.Append("{{- if .Values.ingress.enabled }}\n");
        foreach (var name in external)
        {
            text.Append($"  {name}: http{{{{ if .Values.ingress.tls.enabled }}}}s{{{{ end }}}}://{{{{ .Values.ingress.hosts.{HelmNames.Key(name)} }}}}/\n");
        }
        text.Append("{{- else }}\n");
        foreach (var name in external)
        {
            text.Append($"  kubectl -n {{{{ include \"votingapp.namespace\" . }}}} port-forward svc/{name} 8080:8080\n");
        }
        text.Append("{{- end }}\n\nThe pods need Secret {{ .Values.secrets.existingSecret }} (keys: ")
            .Append(string.Join(", ", model.SecretParameters))
            .Append("); see docs/deploy.md.\n");
        return text.ToString();
    }
}
