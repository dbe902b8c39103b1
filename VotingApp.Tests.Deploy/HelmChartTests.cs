using System.Text.Json.Nodes;

namespace VotingApp.Tests.Publishing;

/// <summary>The published Helm chart: helm lint, helm template for dev and prod, schema validation and our policy checks.</summary>
public sealed class HelmChartTests(PublishedOutput output) : IClassFixture<PublishedOutput>
{
    [Theory]
    [InlineData(null)]
    [InlineData("values-dev.yaml")]
    [InlineData("values-prod.yaml")]
    public async Task Chart_passes_helm_lint_strict(string? valuesFile)
    {
        string[] args = valuesFile is null ? ["lint", "--strict", output.Chart] : ["lint", "--strict", output.Chart, "-f", Path.Combine(output.Chart, valuesFile)];
        var result = await DeployTools.HelmAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0 chart(s) failed", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[WARNING]", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("values-dev.yaml")]
    [InlineData("values-prod.yaml")]
    [InlineData("values-prod.yaml", "seed.enabled=true", "serviceMonitor.enabled=true")]
    [InlineData("values-prod.yaml", "ingress.tls.certManager.issuer.kind=ClusterIssuer", "ingress.tls.certManager.issuer.acme.email=ops@example.com")]
    [InlineData("values-dev.yaml", "cache.external.enabled=true", "postgres.external.enabled=true", "seed.enabled=true")]
    public async Task Rendered_objects_pass_schema_validation_and_policy_checks_with_zero_findings(string valuesFile, params string[] sets)
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, valuesFile, sets);

        var schemaFindings = await DeployTools.ValidateSchemasAsync(objects);
        Assert.True(schemaFindings.Count == 0, string.Join('\n', schemaFindings));

        var tools = sets.Where(s => s.EndsWith(".enabled=true", StringComparison.Ordinal) && !s.Contains(".external.", StringComparison.Ordinal))
            .Select(s => s.Split('.')[0]).ToHashSet(StringComparer.Ordinal);
        var external = sets.Where(s => s.Contains(".external.enabled=true", StringComparison.Ordinal)).Select(s => s.Split('.')[0]).ToHashSet(StringComparer.Ordinal);
        var context = new ManifestPolicyContext(objects)
        {
            ExternalSecrets = HelmRender.ExternalSecrets(output.Chart),
            ExpectedEdges = ExpectedEdges.For(output.Model, tools, external, backups: valuesFile == "values-prod.yaml"),
        };
        var findings = ManifestPolicy.Check(context);
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Fact]
    public async Task Dev_runs_one_replica_each_and_prod_autoscales_from_two()
    {
        var dev = await HelmRender.TemplateAsync(output.Chart, "values-dev.yaml");
        var prod = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml");
        foreach (var name in new[] { "vote", "result", "worker" })
        {
            Assert.Equal(1, Find(dev, "Deployment", name).Long("spec", "replicas"));
            Assert.DoesNotContain(dev, o => o.Kind() == "HorizontalPodAutoscaler");
            var hpa = Find(prod, "HorizontalPodAutoscaler", name);
            Assert.True(hpa.Long("spec", "minReplicas") >= 2);
            Assert.Null(Find(prod, "Deployment", name).At("spec", "replicas"));
            Assert.Equal(name, Find(prod, "PodDisruptionBudget", name).Labels("spec", "selector", "matchLabels")["app.kubernetes.io/name"]);
        }
        Assert.Equal("Production", Find(prod, "ConfigMap", "vote-config").Str("data", "DOTNET_ENVIRONMENT"));
        Assert.Equal("Development", Find(dev, "ConfigMap", "vote-config").Str("data", "DOTNET_ENVIRONMENT"));
    }

    [Fact]
    public async Task Namespace_enforces_restricted_pod_security_and_ingress_keeps_the_live_channel_open()
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml");
        var labels = objects.Single(o => o.Kind() == "Namespace").Labels("metadata", "labels");
        foreach (var mode in new[] { "enforce", "audit", "warn" })
        {
            Assert.Equal("restricted", labels[$"pod-security.kubernetes.io/{mode}"]);
        }
        var ingress = objects.Single(o => o.Kind() == "Ingress");
        Assert.Equal("nginx", ingress.Str("spec", "ingressClassName"));
        var annotations = ingress.Labels("metadata", "annotations");
        Assert.Equal("off", annotations["nginx.ingress.kubernetes.io/proxy-buffering"]);
        Assert.Equal("3600", annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]);
        Assert.Equal(["result", "vote"], ingress.Items("spec", "rules").Select(r => r.Items("http", "paths").Single().Str("backend", "service", "name")!).Order());
    }

    [Fact]
    public async Task Secrets_are_referenced_by_name_and_never_rendered()
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml", "seed.enabled=true");
        Assert.DoesNotContain(objects, o => o.Kind() == "Secret");
        var vote = Find(objects, "Deployment", "vote").At("spec", "template", "spec")!.Items("containers").Single();
        var password = vote.Items("env").Single(e => e.Str("name") == "CACHE_PASSWORD");
        Assert.Equal("votingapp-secrets", password.Str("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("cache-password", password.Str("valueFrom", "secretKeyRef", "key"));
        // the password is never spliced into the connection string (SecretValueTests): the client takes CACHE_PASSWORD
        Assert.Equal("cache:6379", Find(objects, "ConfigMap", "vote-config").Str("data", "ConnectionStrings__cache"));
        Assert.DoesNotContain(vote.Items("env"), e => e.Str("value")?.Contains("password=", StringComparison.OrdinalIgnoreCase) == true);
        var seed = Find(objects, "Job", "seed");
        Assert.Equal("Never", seed.Str("spec", "template", "spec", "restartPolicy"));
    }

    [Fact]
    public async Task External_managed_servers_replace_the_statefulsets_and_connection_strings_come_from_their_secret()
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml", "cache.external.enabled=true", "postgres.external.enabled=true");
        Assert.DoesNotContain(objects, o => o.Kind() == "StatefulSet");
        var worker = Find(objects, "Deployment", "worker").At("spec", "template", "spec")!.Items("containers").Single();
        var cache = worker.Items("env").Single(e => e.Str("name") == "ConnectionStrings__cache");
        Assert.Equal("votingapp-cache-external", cache.Str("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("ConnectionStrings__cache", cache.Str("valueFrom", "secretKeyRef", "key"));
        Assert.DoesNotContain(worker.Items("env"), e => e.Str("name") == "CACHE_PASSWORD");
        Assert.Null(Find(objects, "ConfigMap", "worker-config").Str("data", "CACHE_HOST"));
    }

    [Fact]
    public async Task Schema_validation_rejects_unknown_fields_wrong_types_and_missing_required_fields()
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, "values-dev.yaml", "serviceMonitor.enabled=true");
        var deployment = (JsonObject)Find(objects, "Deployment", "vote").DeepClone();
        ((JsonObject)deployment.At("spec", "template", "spec")!.Items("containers").Single().At("securityContext")!)["readOnlyRootFilesytem"] = true;
        ((JsonObject)deployment.At("spec")!)["replicas"] = "two";
        var service = (JsonObject)Find(objects, "Service", "vote").DeepClone();
        ((JsonObject)service.At("spec")!)["selectr"] = new JsonObject();
        var policy = (JsonObject)Find(objects, "NetworkPolicy", "vote").DeepClone();
        ((JsonObject)policy.At("spec")!).Remove("podSelector");

        var monitor = (JsonObject)Find(objects, "ServiceMonitor", "votingapp").DeepClone();
        ((JsonObject)monitor.At("spec")!.Items("endpoints").Single())["intervall"] = "10s";

        var findings = await DeployTools.ValidateSchemasAsync([deployment, service, policy, monitor]);

        Assert.Contains(findings, f => f.Contains("readOnlyRootFilesytem", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("/spec/replicas", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("selectr", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("NetworkPolicy/vote", StringComparison.Ordinal) && f.Contains("podSelector", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("ServiceMonitor/votingapp", StringComparison.Ordinal) && f.Contains("intervall", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("values-dev.yaml")]
    [InlineData("values-prod.yaml")]
    public async Task The_namespace_quota_admits_the_whole_app_at_its_largest_scale_and_no_more(string valuesFile)
    {
        // the largest scale the values allow: autoscaling on (at its maximum), the seed Job running
        var objects = await HelmRender.TemplateAsync(output.Chart, valuesFile,
            "vote.autoscaling.enabled=true", "result.autoscaling.enabled=true", "worker.autoscaling.enabled=true", "seed.enabled=true");
        var maxima = objects.Where(o => o.Kind() == "HorizontalPodAutoscaler").ToDictionary(h => h.Str("spec", "scaleTargetRef", "name")!, h => h.Long("spec", "maxReplicas")!.Value);
        decimal cpuRequest = 0, cpuLimit = 0, memoryRequest = 0, memoryLimit = 0, storage = 0;
        long pods = 0, claims = 0;
        foreach (var workload in objects.Where(o => o.Kind() is "Deployment" or "StatefulSet" or "Job" or "CronJob"))
        {
            var count = workload.Kind() switch
            {
                // a rolling update adds maxSurge pods on top
                "Deployment" => maxima[workload.Name()] + workload.Long("spec", "strategy", "rollingUpdate", "maxSurge")!.Value,
                "StatefulSet" => workload.Long("spec", "replicas") ?? 1,
                // one run at a time
                "CronJob" => workload.Str("spec", "concurrencyPolicy") == "Forbid" ? workload.Long("spec", "jobTemplate", "spec", "parallelism") ?? 1 : throw new InvalidOperationException($"{workload.Name()} may run concurrently"),
                _ => workload.Long("spec", "parallelism") ?? 1,
            };
            pods += count;
            var template = workload.Kind() == "CronJob" ? workload.At("spec", "jobTemplate", "spec", "template") : workload.At("spec", "template");
            // what the quota charges a pod: its containers together, or its largest init container if that is more
            // (init containers run one at a time, before the containers)
            decimal PerPod(string section, string resource) => Math.Max(
                template.Items("spec", "containers").Sum(c => Quantity(c.Str("resources", section, resource)!)),
                template.Items("spec", "initContainers").Select(c => Quantity(c.Str("resources", section, resource)!)).DefaultIfEmpty(0).Max());
            cpuRequest += count * PerPod("requests", "cpu");
            cpuLimit += count * PerPod("limits", "cpu");
            memoryRequest += count * PerPod("requests", "memory");
            memoryLimit += count * PerPod("limits", "memory");
            foreach (var claim in workload.Items("spec", "volumeClaimTemplates"))
            {
                claims += count;
                storage += count * Quantity(claim.Str("spec", "resources", "requests", "storage")!);
            }
        }
        foreach (var claim in objects.Where(o => o.Kind() == "PersistentVolumeClaim"))
        {
            claims++;
            storage += Quantity(claim.Str("spec", "resources", "requests", "storage")!);
        }
        var hard = objects.Single(o => o.Kind() == "ResourceQuota").At("spec", "hard");

        Assert.Equal(cpuRequest, Quantity(hard.Str("requests.cpu")!));
        Assert.Equal(cpuLimit, Quantity(hard.Str("limits.cpu")!));
        Assert.Equal(memoryRequest, Quantity(hard.Str("requests.memory")!));
        Assert.Equal(memoryLimit, Quantity(hard.Str("limits.memory")!));
        Assert.Equal(pods, long.Parse(hard.Str("pods")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(claims, long.Parse(hard.Str("persistentvolumeclaims")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(storage, Quantity(hard.Str("requests.storage")!));
        // every container has its own resources; the LimitRange only covers what someone adds by hand
        var limits = objects.Single(o => o.Kind() == "LimitRange").Items("spec", "limits").Single();
        Assert.Equal("Container", limits.Str("type"));
        Assert.NotNull(limits.Str("default", "memory"));
        Assert.NotNull(limits.Str("defaultRequest", "cpu"));
    }

    // a Kubernetes quantity in base units (cores, bytes)
    private static decimal Quantity(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^([0-9.]+)(m|Ki|Mi|Gi)?$");
        Assert.True(match.Success, $"'{text}' is not a quantity");
        var number = decimal.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "m" => number / 1000,
            "Ki" => number * 1024,
            "Mi" => number * 1024 * 1024,
            "Gi" => number * 1024 * 1024 * 1024,
            _ => number,
        };
    }

    [Theory]
    [InlineData("values-dev.yaml")]
    [InlineData("values-prod.yaml")]
    [InlineData("values-prod.yaml", "postgres.external.enabled=true")]
    public async Task The_migrations_run_as_an_init_container_of_worker_and_result_and_never_as_a_workload_of_their_own(string valuesFile, params string[] sets)
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, valuesFile, sets);

        // no Deployment (it would restart the finished migration forever), no Job (it would run beside the services)
        Assert.DoesNotContain(Workload.In(objects), w => w.Name == "migrations");
        Assert.DoesNotContain(objects, o => o.Name() == "migrations");
        foreach (var name in new[] { "worker", "result" })
        {
            var deployment = Find(objects, "Deployment", name);
            var pod = deployment.At("spec", "template", "spec")!;
            var init = Assert.Single(pod.Items("initContainers"));
            Assert.Equal("migrations", init.Str("name"));
            Assert.Equal("votingapp/migrations:1.0.0", init.Str("image"));
            Assert.Equal("migrations-config", init.Items("envFrom").Single().Str("configMapRef", "name"));
            Assert.Null(init.At("readinessProbe"));
            Assert.NotNull(init.At("resources", "limits", "memory"));
            Assert.True(init.Bool("securityContext", "readOnlyRootFilesystem"));
            if (sets.Length == 0)
            {
                // as for the services: the Secret's key whole, and Npgsql's PGPASSWORD made of it
                var password = init.Items("env").Single(e => e.Str("name") == "POSTGRES_PASSWORD");
                Assert.Equal("postgres-password", password.Str("valueFrom", "secretKeyRef", "key"));
                Assert.Equal("$(POSTGRES_PASSWORD)", init.Items("env").Single(e => e.Str("name") == "PGPASSWORD").Str("value"));
            }
            else
            {
                // a managed server: the connection string comes whole from its Secret, as for the services
                var connection = init.Items("env").Single(e => e.Str("name") == "ConnectionStrings__votesdb");
                Assert.Equal("votingapp-postgres-external", connection.Str("valueFrom", "secretKeyRef", "name"));
            }
            // a change to the migrations' settings rolls the pods they run in
            Assert.NotNull(deployment.Str("spec", "template", "metadata", "annotations", "checksum/migrations-config"));
        }
        Assert.Empty(Find(objects, "Deployment", "vote").At("spec", "template", "spec")!.Items("initContainers"));
        Assert.Equal("migrations", Find(objects, "ConfigMap", "migrations-config").Str("data", "OTEL_SERVICE_NAME"));
    }

    [Fact]
    public async Task Startup_and_liveness_ask_only_the_process_and_readiness_asks_its_dependencies()
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml");
        foreach (var service in new[] { "vote", "worker", "result" })
        {
            var container = Find(objects, "Deployment", service).At("spec", "template", "spec")!.Items("containers").Single();
            // a database down for minutes must not get live pods restarted: only readiness checks PostgreSQL/Redis
            Assert.Equal("/alive", container.Str("startupProbe", "httpGet", "path"));
            Assert.Equal("/alive", container.Str("livenessProbe", "httpGet", "path"));
            Assert.Equal("/health", container.Str("readinessProbe", "httpGet", "path"));
        }
    }

    [Theory]
    [InlineData("values-dev.yaml", "false")]
    [InlineData("values-prod.yaml", "true")]
    public async Task Services_behind_the_ingress_get_forwarded_header_networks_and_HSTS_in_production(string valuesFile, string hsts)
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, valuesFile);
        foreach (var service in new[] { "vote", "result" })
        {
            var config = Find(objects, "ConfigMap", $"{service}-config");
            Assert.Equal("true", config.Str("data", "ASPNETCORE_FORWARDEDHEADERS_ENABLED"));
            Assert.Equal("10.0.0.0/8", config.Str("data", "ForwardedHeaders__KnownNetworks"));
            Assert.Equal(hsts, config.Str("data", "Hsts__Enabled"));
            Assert.Equal("31536000", config.Str("data", "Hsts__MaxAgeSeconds"));
        }
        Assert.Null(Find(objects, "ConfigMap", "worker-config").Str("data", "Hsts__Enabled"));
    }

    [Fact]
    public async Task Production_has_cert_manager_issue_the_ingress_certificate_from_an_issuer_it_creates()
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml");

        var ingress = objects.Single(o => o.Kind() == "Ingress");
        var annotations = ingress.Labels("metadata", "annotations");
        Assert.Equal("letsencrypt", annotations["cert-manager.io/issuer"]);
        Assert.False(annotations.ContainsKey("cert-manager.io/cluster-issuer"));
        // the values' own annotations stay beside it
        Assert.Equal("off", annotations["nginx.ingress.kubernetes.io/proxy-buffering"]);
        // cert-manager writes the Secret the tls section names
        Assert.Equal("votingapp-tls", ingress.Items("spec", "tls").Single().Str("secretName"));

        var issuer = Find(objects, "Issuer", "letsencrypt");
        Assert.Equal("cert-manager.io/v1", issuer.Str("apiVersion"));
        Assert.Equal(ingress.Namespace(), issuer.Namespace());
        Assert.Equal("https://acme-v02.api.letsencrypt.org/directory", issuer.Str("spec", "acme", "server"));
        Assert.Equal("letsencrypt-account-key", issuer.Str("spec", "acme", "privateKeySecretRef", "name"));
        Assert.Null(issuer.At("spec", "acme", "email"));
        Assert.Equal(ingress.Str("spec", "ingressClassName"), issuer.Items("spec", "acme", "solvers").Single().Str("http01", "ingress", "ingressClassName"));

        // the solver pods cert-manager starts answer the ingress controller despite the default deny
        var solver = Find(objects, "NetworkPolicy", "acme-http01-solver");
        Assert.Equal("true", solver.Labels("spec", "podSelector", "matchLabels")["acme.cert-manager.io/http01-solver"]);
        var rule = solver.Items("spec", "ingress").Single();
        Assert.Equal("ingress-nginx", rule.Items("from").Single().Labels("namespaceSelector", "matchLabels")["kubernetes.io/metadata.name"]);
        Assert.Equal(8089, rule.Items("ports").Single().Long("port"));
    }

    [Fact]
    public async Task A_shared_cluster_issuer_is_named_and_not_created_and_a_created_one_is_cluster_scoped()
    {
        var shared = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml",
            "ingress.tls.certManager.issuer.kind=ClusterIssuer", "ingress.tls.certManager.issuer.name=shared", "ingress.tls.certManager.issuer.create=false");
        var annotations = shared.Single(o => o.Kind() == "Ingress").Labels("metadata", "annotations");
        Assert.Equal("shared", annotations["cert-manager.io/cluster-issuer"]);
        Assert.False(annotations.ContainsKey("cert-manager.io/issuer"));
        Assert.DoesNotContain(shared, o => o.Str("apiVersion") == "cert-manager.io/v1");

        var created = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml",
            "ingress.tls.certManager.issuer.kind=ClusterIssuer", "ingress.tls.certManager.issuer.acme.email=ops@example.com");
        var issuer = Find(created, "ClusterIssuer", "letsencrypt");
        Assert.Null(issuer.At("metadata", "namespace"));
        Assert.Equal("ops@example.com", issuer.Str("spec", "acme", "email"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("values-dev.yaml")]
    public async Task Without_production_values_there_is_no_cert_manager_annotation_or_object(string? valuesFile)
    {
        // TLS on as well: cert-manager stays off until asked for, whatever issues the Secret
        var objects = await HelmRender.TemplateAsync(output.Chart, valuesFile, "ingress.tls.enabled=true");

        var annotations = objects.Single(o => o.Kind() == "Ingress").Labels("metadata", "annotations");
        Assert.DoesNotContain(annotations.Keys, k => k.StartsWith("cert-manager.io/", StringComparison.Ordinal));
        Assert.DoesNotContain(objects, o => o.Str("apiVersion") == "cert-manager.io/v1");
        Assert.DoesNotContain(objects, o => o.Name() == "acme-http01-solver");
    }

    [Theory]
    [InlineData("ingress.tls.enabled=false", "needs ingress.tls.enabled")]
    [InlineData("ingress.tls.certManager.issuer.kind=Certificate", "must be ClusterIssuer or Issuer")]
    public async Task Cert_manager_values_that_cannot_issue_a_certificate_fail_the_render(string set, string message)
    {
        var result = await DeployTools.HelmAsync("template", "votingapp", output.Chart, "-f", Path.Combine(output.Chart, "values-prod.yaml"), "--set", set);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issuers_are_checked_for_their_required_and_unknown_fields()
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml");
        var issuer = Find(objects, "Issuer", "letsencrypt");
        Assert.Empty(await DeployTools.ValidateSchemasAsync([issuer]));

        var broken = (JsonObject)issuer.DeepClone();
        var acme = (JsonObject)broken.At("spec", "acme")!;
        acme.Remove("server");
        ((JsonObject)acme.At("privateKeySecretRef")!).Remove("name");
        acme["emial"] = "ops@example.com";
        var cluster = (JsonObject)issuer.DeepClone();
        cluster["kind"] = "ClusterIssuer";
        var certificate = (JsonObject)issuer.DeepClone();
        certificate["kind"] = "Certificate";

        var findings = await DeployTools.ValidateSchemasAsync([broken, cluster, certificate]);

        Assert.Contains(findings, f => f.Contains("Issuer/letsencrypt", StringComparison.Ordinal) && f.Contains(".spec.acme.server", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains(".spec.acme.privateKeySecretRef.name", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("emial", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("ClusterIssuer/letsencrypt", StringComparison.Ordinal) && f.Contains("cluster-scoped", StringComparison.Ordinal));
        // other cert-manager kinds are not waved through
        Assert.Contains(findings, f => f.Contains("unknown kind cert-manager.io/v1 Certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_solver_policy_counts_as_selecting_pods_only_beside_an_ingress_that_names_an_issuer()
    {
        var objects = await HelmRender.TemplateAsync(output.Chart, "values-prod.yaml");
        var context = new ManifestPolicyContext(objects) { ExternalSecrets = HelmRender.ExternalSecrets(output.Chart) };
        Assert.DoesNotContain(PolicyChecks.NetworkPoliciesSelectPods(context), f => f.Object == "NetworkPolicy/acme-http01-solver");

        var ingress = objects.Single(o => o.Kind() == "Ingress");
        var annotations = (JsonObject)ingress.At("metadata", "annotations")!;
        annotations.Remove("cert-manager.io/issuer");

        Assert.Contains(PolicyChecks.NetworkPoliciesSelectPods(context), f => f.Object == "NetworkPolicy/acme-http01-solver");
    }

    private static JsonObject Find(IEnumerable<JsonObject> objects, string kind, string name) =>
        objects.Single(o => o.Kind() == kind && o.Name() == name);
}
