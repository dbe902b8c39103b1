using Aspire.Hosting.ApplicationModel;
using System.Globalization;

namespace VotingApp.Hosting.Publishing;

/// <summary>The chart's <c>values.yaml</c> (defaults from the model) and the dev / prod overlays.</summary>
internal static class HelmValues
{
    private static string Header(PublishOptions options) => $"# Generated from the AppHost model; do not edit. Regenerate with:\n#   {options.RegenerateCommand}\n";

    public static string Defaults(DeploymentModel model, PublishOptions options)
    {
        var values = new YamlMap();
        values.Comment("DOTNET_ENVIRONMENT of the services");
        values.Add("environment", options.DotnetEnvironment);
        var global = values.Map("global");
        global.Comment("Replaces every image's registry (a mirror), e.g. myregistry.azurecr.io");
        global.Add("imageRegistry", string.Empty);
        global.Add("imagePullSecrets", new YamlSeq());

        var ns = values.Map("namespace");
        ns.Comment("Render the Namespace (with Pod Security Admission labels); false: use the release namespace");
        ns.Add("create", true);
        ns.Add("name", model.Name);
        ns.Add("podSecurity", "restricted");

        var secrets = values.Map("secrets");
        secrets.Comment($"Existing Secret with keys {string.Join(", ", model.SecretParameters)} (never rendered by the chart)");
        secrets.Add("existingSecret", $"{model.Name}-secrets");

        var policy = values.Map("networkPolicy");
        policy.Add("enabled", true);
        policy.Add("ingressControllerNamespace", "ingress-nginx");
        policy.Comment("Namespace of Prometheus (may scrape /metrics); empty: none");
        policy.Add("monitoringNamespace", "monitoring");
        policy.Add("dnsNamespace", "kube-system");

        var ingress = values.Map("ingress");
        ingress.Add("enabled", true);
        ingress.Add("className", "nginx");
        ingress.Comment("Live channels (server-sent events, e.g. the result page's) need unbuffered, long-lived responses");
        ingress.Map("annotations")
            .Add("nginx.ingress.kubernetes.io/proxy-buffering", "off")
            .Add("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
            .Add("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600");
        var hosts = ingress.Map("hosts");
        foreach (var service in model.Services.Where(s => s.IsExternal))
        {
            hosts.Add(HelmNames.Key(service.Name), $"{service.Name}.{model.Name}.localhost");
        }
        var tls = ingress.Map("tls").Add("enabled", false).Add("secretName", $"{model.Name}-tls");
        var certManager = tls.Map("certManager");
        certManager.Comment("cert-manager issues secretName: the Ingress gets cert-manager.io/cluster-issuer (kind ClusterIssuer) or");
        certManager.Comment("cert-manager.io/issuer (kind Issuer) naming `issuer.name`. Needs tls.enabled and cert-manager's CRDs.");
        certManager.Add("enabled", false);
        var issuer = certManager.Map("issuer");
        issuer.Add("kind", "ClusterIssuer");
        issuer.Add("name", "letsencrypt");
        issuer.Comment("true: the chart creates that issuer (ACME, HTTP-01 through ingress.className; an Issuer in the namespace,");
        issuer.Comment("or a cluster-wide ClusterIssuer); false: it exists already");
        issuer.Add("create", false);
        var acme = issuer.Map("acme");
        acme.Comment("The ACME account's contact address (optional)");
        acme.Add("email", string.Empty);
        acme.Add("server", "https://acme-v02.api.letsencrypt.org/directory");
        ingress.Comment("The services behind the ingress read the client's scheme and address from X-Forwarded-* sent from these");
        ingress.Comment("networks only (comma-separated CIDRs: the ingress controller's pods); ConfigMap key ForwardedHeaders__KnownNetworks");
        ingress.Map("forwardedHeaders").Add("knownNetworks", "10.0.0.0/8");
        ingress.Comment("Strict-Transport-Security on the services' answers (TLS ends at the ingress); ConfigMap keys Hsts__*");
        ingress.Map("hsts").Add("enabled", false).Add("maxAgeSeconds", 31536000).Add("includeSubDomains", true);

        var quota = values.Map("resourceQuota");
        quota.Comment("A ResourceQuota sized for the whole app at its largest scale (every project at its autoscaling maximum");
        quota.Comment("plus one surge pod, the servers, the seed Job), and a LimitRange: defaults for any container without its own");
        quota.Add("enabled", true);
        quota.Add("hard", NamespaceQuota.Hard(model, resourceFactor: 1, volumeGi: 1, backupGi: null));
        var defaults = quota.Map("containerDefaults");
        defaults.Map("requests").Add("cpu", "100m").Add("memory", "128Mi");
        defaults.Map("limits").Add("cpu", "500m").Add("memory", "256Mi");

        var monitor = values.Map("serviceMonitor");
        monitor.Comment("Needs the Prometheus Operator CRDs (monitoring.coreos.com/v1)");
        monitor.Add("enabled", false);
        monitor.Add("interval", "30s");
        monitor.Add("labels", new YamlMap());

        foreach (var service in model.Services)
        {
            var map = values.Map(HelmNames.Key(service.Name));
            if (service.ExplicitStart)
            {
                map.Comment($"Run {service.Name} once as a Job");
                map.Add("enabled", false);
            }
            else if (service.IsOneShot)
            {
                map.Comment($"Runs to completion as an init container of {string.Join(", ", model.WaitingFor(service).Select(s => s.Name))}: before each of their pods starts");
            }
            else if (service.Kind == ServiceKind.Project)
            {
                map.Add("replicas", service.Replicas);
            }
            var image = map.Map("image");
            image.Add("registry", service.Image.Registry ?? string.Empty);
            image.Add("repository", service.Image.Repository);
            image.Add("tag", YamlNode.Str(service.Image.Tag));
            image.Add("pullPolicy", "IfNotPresent");
            map.Add("resources", Resources(service.Compute, 1));
            if (service.Kind == ServiceKind.Project && !service.ExplicitStart && !service.IsOneShot)
            {
                map.Map("pdb").Add("enabled", true).Add("maxUnavailable", service.DisruptionBudget.MaxUnavailable);
                map.Map("autoscaling").Add("enabled", false).Add("minReplicas", service.Autoscaling.MinReplicas).Add("maxReplicas", service.Autoscaling.MaxReplicas)
                    .Add("targetCPUUtilizationPercentage", service.Autoscaling.TargetCpuUtilizationPercentage);
            }
            if (service.IsStateful)
            {
                map.Map("persistence").Add("size", "1Gi").Add("storageClass", string.Empty);
                var external = map.Map("external");
                external.Comment($"Use a managed {(service.Kind == ServiceKind.Redis ? "Redis" : "PostgreSQL")} instead of the StatefulSet; clients read their connection strings from this Secret (keys ConnectionStrings__<name>)");
                external.Add("enabled", false);
                external.Add("existingSecret", $"{model.Name}-{service.Name}-external");
                external.Comment("Where the managed service is, for the egress NetworkPolicy");
                external.Add("cidr", "10.0.0.0/8");
                external.Add("port", service.ContainerPort ?? 0);
                if (service.Kind == ServiceKind.Postgres)
                {
                    var backup = map.Map("backup");
                    backup.Comment("A CronJob pg_dumps the database (custom format) into its own volume and keeps the newest `keep` dumps;");
                    backup.Comment("restore with pg_restore (docs/deploy.md). On in values-prod.yaml.");
                    backup.Add("enabled", false);
                    backup.Add("schedule", "17 3 * * *");
                    backup.Add("keep", 7);
                    backup.Add("size", "1Gi");
                    backup.Add("storageClass", string.Empty);
                    backup.Add("resources", Resources(PostgresBackup.Compute, 1));
                }
            }
        }
        return Header(options) + YamlWriter.Write(values);
    }

    public static string Dev(DeploymentModel model, PublishOptions options)
    {
        var values = new YamlMap();
        values.Add("environment", "Development");
        foreach (var service in model.Services.Where(s => !s.ExplicitStart))
        {
            var map = values.Map(HelmNames.Key(service.Name));
            if (service.Kind == ServiceKind.Project && !service.IsOneShot)
            {
                map.Add("replicas", 1);
                map.Map("autoscaling").Add("enabled", false);
            }
            map.Add("resources", Resources(service.Compute, 1));
            if (service.IsStateful)
            {
                map.Map("persistence").Add("size", "1Gi");
            }
        }
        return Header(options) + "# Development: one replica each, no autoscaling, small volumes.\n" + YamlWriter.Write(values);
    }

    public static string Prod(DeploymentModel model, PublishOptions options)
    {
        var values = new YamlMap();
        values.Add("environment", "Production");
        var ingress = values.Map("ingress");
        var hosts = ingress.Map("hosts");
        foreach (var service in model.Services.Where(s => s.IsExternal))
        {
            hosts.Add(HelmNames.Key(service.Name), $"{service.Name}.example.com");
        }
        var tls = ingress.Map("tls").Add("enabled", true);
        // production certificates come from cert-manager: a namespaced Issuer the chart creates, so nothing outside the
        // release is needed but cert-manager itself (set issuer.create=false and kind ClusterIssuer to use a shared one)
        tls.Map("certManager").Add("enabled", true).Map("issuer").Add("kind", "Issuer").Add("create", true);
        ingress.Map("hsts").Add("enabled", true);
        values.Map("resourceQuota").Add("hard", NamespaceQuota.Hard(model, resourceFactor: 2, volumeGi: 10, backupGi: 10));
        foreach (var service in model.Services.Where(s => !s.ExplicitStart))
        {
            var map = values.Map(HelmNames.Key(service.Name));
            if (service.Kind == ServiceKind.Project && !service.IsOneShot)
            {
                var min = Math.Max(service.Autoscaling.MinReplicas, service.Replicas);
                map.Add("replicas", min);
                map.Map("autoscaling").Add("enabled", true).Add("minReplicas", min).Add("maxReplicas", service.Autoscaling.MaxReplicas);
            }
            map.Add("resources", Resources(service.Compute, 2));
            if (service.IsStateful)
            {
                map.Map("persistence").Add("size", "10Gi");
            }
            if (service.Kind == ServiceKind.Postgres)
            {
                map.Map("backup").Add("enabled", true).Add("size", "10Gi");
            }
        }
        return Header(options) + "# Production: two or more replicas with autoscaling, TLS, larger volumes.\n" + YamlWriter.Write(values);
    }

    private static YamlMap Resources(ComputeResourcesAnnotation compute, int factor)
    {
        var resources = new YamlMap();
        resources.Map("requests").Add("cpu", Scale(compute.CpuRequest, factor)).Add("memory", Scale(compute.MemoryRequest, factor));
        resources.Map("limits").Add("cpu", Scale(compute.CpuLimit, factor)).Add("memory", Scale(compute.MemoryLimit, factor));
        return resources;
    }

    /// <summary>Multiplies a Kubernetes quantity (<c>100m</c>, <c>1</c>, <c>256Mi</c>).</summary>
    internal static string Scale(string quantity, int factor)
    {
        var (number, unit) = KubernetesQuantity.Parse(quantity);
        number *= factor;
        // 1000m → 1, 1024Mi → 1Gi: the larger unit when it is exact
        (number, unit) = unit switch
        {
            "m" when number >= 1000 && number % 1000 == 0 => (number / 1000, string.Empty),
            "Mi" when number >= 1024 && number % 1024 == 0 => (number / 1024, "Gi"),
            _ => (number, unit),
        };
        return number.ToString("0.###", CultureInfo.InvariantCulture) + unit;
    }
}
