using System.Globalization;
using System.Text;

namespace VotingApp.Hosting.Publishing;

/// <summary>
/// The templates of one service: ServiceAccount, ConfigMap, Deployment / StatefulSet / Job, Service, PDB, HPA,
/// NetworkPolicy. A one-shot service (<see cref="DeployedService.IsOneShot"/>) has only its ConfigMap: it runs as an
/// init container in the pods of each service that waits for it, before their containers start.
/// </summary>
internal static class HelmWorkloadTemplates
{
    private const string Secrets = ".Values.secrets.existingSecret";

    public static void Add(DeploymentModel model, DeployedService service, SortedDictionary<string, string> files)
    {
        var folder = $"{HelmChartPublisher.TemplatesFolder}/{service.Name}";
        var values = HelmNames.Values(service.Name);
        var condition = Condition(service);
        void File(string name, params YamlMap[] documents) => files[$"{folder}/{name}"] = Render(condition, documents);

        if (service.IsOneShot)
        {
            // No workload of its own: a Deployment would restart it forever once it exits, and a Job would run beside
            // the services instead of before them. Init containers of the waiting pods run it first, every time one of
            // those pods starts (the migration is idempotent and serialised by an advisory lock), and a failure keeps
            // that pod from starting, retried with the kubelet's back-off, instead of letting it query a missing table.
            File("configmap.yaml", ConfigMap(model, service));
            return;
        }
        File("serviceaccount.yaml", ServiceAccount(service));
        switch (service.Kind)
        {
            case ServiceKind.Project:
                File("configmap.yaml", ConfigMap(model, service));
                if (service.ExplicitStart)
                {
                    File("job.yaml", Job(model, service));
                }
                else
                {
                    File("deployment.yaml", Deployment(model, service));
                    files[$"{folder}/pdb.yaml"] = Render($"{values}.pdb.enabled", PodDisruptionBudget(service));
                    files[$"{folder}/hpa.yaml"] = Render($"{values}.autoscaling.enabled", HorizontalPodAutoscaler(service));
                }
                break;
            default:
                File("statefulset.yaml", StatefulSet(service));
                if (service.Kind == ServiceKind.Postgres)
                {
                    files[$"{folder}/backup.yaml"] = Render($"and ({condition}) {values}.backup.enabled", BackupClaim(service), BackupCronJob(service));
                    files[$"{folder}/backup-networkpolicy.yaml"] = Render(
                        $"and ({condition}) {values}.backup.enabled .Values.networkPolicy.enabled", BackupNetworkPolicy(service));
                }
                break;
        }
        if (service.ContainerPort is not null && !service.ExplicitStart)
        {
            File("service.yaml", service.IsStateful ? [Service(service, headless: false), Service(service, headless: true)] : [Service(service, headless: false)]);
        }
        var policyCondition = condition is null ? ".Values.networkPolicy.enabled" : $"and ({condition}) .Values.networkPolicy.enabled";
        files[$"{folder}/networkpolicy.yaml"] = Render(policyCondition, NetworkPolicy(model, service));
    }

    /// <summary>When the service's objects are rendered at all (explicit start: a switch; servers: not external).</summary>
    public static string? Condition(DeployedService service) => service switch
    {
        { ExplicitStart: true } => $"{HelmNames.Values(service.Name)}.enabled",
        { IsStateful: true } => $"not {HelmNames.Values(service.Name)}.external.enabled",
        _ => null,
    };

    public static string Render(string? condition, params YamlMap[] documents)
    {
        var text = new StringBuilder();
        if (condition is not null)
        {
            text.Append("{{- if ").Append(condition).Append(" }}\n");
        }
        for (var i = 0; i < documents.Length; i++)
        {
            if (i > 0)
            {
                text.Append("---\n");
            }
            text.Append(YamlWriter.Write(documents[i]));
        }
        if (condition is not null)
        {
            text.Append("{{- end }}\n");
        }
        return text.ToString();
    }

    private static YamlMap ServiceAccount(DeployedService service)
    {
        var account = HelmNames.Object("v1", "ServiceAccount");
        HelmNames.Metadata(account, service.Name, service.Name, service.Tier);
        account.Add("automountServiceAccountToken", false);
        return account;
    }

    private static YamlMap ConfigMap(DeploymentModel model, DeployedService service)
    {
        var map = HelmNames.Object("v1", "ConfigMap");
        HelmNames.Metadata(map, $"{service.Name}-config", service.Name, service.Tier);
        var data = map.Map("data");
        data.Add("DOTNET_ENVIRONMENT", YamlNode.QuotedTpl(".Values.environment"));
        foreach (var (key, value) in service.Environment.Where(e => !e.Value.HasSecret))
        {
            var literal = value.Render(l => l, _ => throw new InvalidOperationException());
            if (ExternalServer(model, value) is { } backing)
            {
                data.If($"not {HelmNames.Values(backing)}.external.enabled", m => m.Add(key, literal));
            }
            else
            {
                data.Add(key, literal);
            }
        }
        if (service.IsExternal)
        {
            // behind the ingress: forwarded headers from its networks only, HSTS where TLS is on (the services bind these keys)
            data.Add("ForwardedHeaders__KnownNetworks", YamlNode.QuotedTpl(".Values.ingress.forwardedHeaders.knownNetworks"));
            data.Add("Hsts__Enabled", YamlNode.QuotedTpl(".Values.ingress.hsts.enabled"));
            data.Add("Hsts__MaxAgeSeconds", YamlNode.QuotedTpl(".Values.ingress.hsts.maxAgeSeconds | int64"));
            data.Add("Hsts__IncludeSubDomains", YamlNode.QuotedTpl(".Values.ingress.hsts.includeSubDomains"));
        }
        return map;
    }

    /// <summary>The Redis / PostgreSQL server a value points at (it may be switched to an external managed one).</summary>
    private static string? ExternalServer(DeploymentModel model, EnvValue value) =>
        value.BackingService is { } backing && model[backing].IsStateful ? backing : null;

    private static YamlMap Deployment(DeploymentModel model, DeployedService service)
    {
        var values = HelmNames.Values(service.Name);
        var deployment = HelmNames.Object("apps/v1", "Deployment");
        HelmNames.Metadata(deployment, service.Name, service.Name, service.Tier);
        var spec = deployment.Map("spec");
        spec.If($"not {values}.autoscaling.enabled", m => m.Add("replicas", YamlNode.Tpl($"{values}.replicas")));
        spec.Add("revisionHistoryLimit", 3);
        spec.Map("selector").Add("matchLabels", HelmNames.SelectorLabels(service.Name));
        var strategy = spec.Map("strategy");
        strategy.Add("type", "RollingUpdate");
        strategy.Map("rollingUpdate").Add("maxSurge", 1).Add("maxUnavailable", 0);
        spec.Add("template", PodTemplate(model, service, restartPolicy: null));
        return deployment;
    }

    private static YamlMap Job(DeploymentModel model, DeployedService service)
    {
        var job = HelmNames.Object("batch/v1", "Job");
        HelmNames.Metadata(job, service.Name, service.Name, service.Tier);
        var spec = job.Map("spec");
        spec.Add("backoffLimit", 6);
        spec.Add("ttlSecondsAfterFinished", 3600);
        spec.Add("template", PodTemplate(model, service, restartPolicy: "Never"));
        return job;
    }

    private static YamlMap PodTemplate(DeploymentModel model, DeployedService service, string? restartPolicy)
    {
        var template = new YamlMap();
        var metadata = template.Map("metadata");
        metadata.Add("labels", HelmNames.Labels(service.Name, service.Tier));
        var annotations = metadata.Map("annotations");
        annotations.Add("checksum/config",
            YamlNode.Raw($"{{{{ include (print $.Template.BasePath \"/{service.Name}/configmap.yaml\") . | sha256sum }}}}"));
        var firsts = model.CompletionsBefore(service);
        foreach (var first in firsts)
        {
            // a change to the one-shot's settings rolls these pods too: they are where it runs
            annotations.Add($"checksum/{first.Name}-config",
                YamlNode.Raw($"{{{{ include (print $.Template.BasePath \"/{first.Name}/configmap.yaml\") . | sha256sum }}}}"));
        }
        var pod = PodSpec(service, template);
        if (restartPolicy is not null)
        {
            pod.Add("restartPolicy", restartPolicy);
        }
        if (firsts.Count > 0)
        {
            var initContainers = pod.Seq("initContainers");
            foreach (var first in firsts)
            {
                // the one-shot project with its own image and settings
                var init = initContainers.AddMap();
                ContainerImage(first, init);
                ProjectSettings(model, first, init);
                FinishContainer(first, init, []);
            }
        }
        var container = Container(service, pod);
        ProjectSettings(model, service, container);
        if (service.ContainerPort is { } port)
        {
            container.Seq("ports").AddMap().Add("name", service.Scheme).Add("containerPort", port).Add("protocol", "TCP");
        }
        if (service.HealthPath is { } health && !service.ExplicitStart)
        {
            // startup and liveness ask only whether the process answers (/alive): a database down for minutes must not
            // get live pods restarted; readiness (/health) takes the pod out of the Service until its dependencies answer
            container.Add("startupProbe", HttpProbe(service.AlivePath, service.Scheme, period: 2, failures: 60));
            container.Add("readinessProbe", HttpProbe(health, service.Scheme, period: 10, failures: 3));
            container.Add("livenessProbe", HttpProbe(service.AlivePath, service.Scheme, period: 10, failures: 3));
        }
        FinishContainer(service, container, []);
        pod.Seq("volumes").AddMap().Add("name", "tmp").Add("emptyDir", new YamlMap().Add("sizeLimit", "64Mi"));
        return template;
    }

    /// <summary>The project's ConfigMap and its environment (secrets from the existing Secret).</summary>
    private static void ProjectSettings(DeploymentModel model, DeployedService service, YamlMap container)
    {
        container.Add("envFrom", new YamlSeq().Add(new YamlMap().Add("configMapRef", new YamlMap().Add("name", $"{service.Name}-config"))));
        var env = ProjectEnvironment(model, service);
        if (env.Items.Count > 0)
        {
            container.Add("env", env);
        }
    }

    /// <summary>Secret parameters first (from the existing Secret), then values built from them with <c>$(NAME)</c>.</summary>
    private static YamlSeq ProjectEnvironment(DeploymentModel model, DeployedService service)
    {
        var env = new YamlSeq();
        var secretOwners = model.Services.Where(s => s.PasswordParameter is not null).ToDictionary(s => s.PasswordParameter!, s => s.Name);
        var used = service.Environment.SelectMany(e => e.Value.Segments).Select(s => s.SecretParameter).OfType<string>().Distinct().Order(StringComparer.Ordinal);
        foreach (var parameter in used)
        {
            var item = SecretEnv(DeploymentModel.EnvironmentName(parameter), Secrets, parameter);
            if (secretOwners.TryGetValue(parameter, out var owner))
            {
                env.If($"not {HelmNames.Values(owner)}.external.enabled", s => s.Add(item));
            }
            else
            {
                env.Add(item);
            }
        }
        foreach (var (key, value) in service.Environment.Where(e => e.Value.HasSecret))
        {
            if (value.SoleSecret is { } sole && DeploymentModel.EnvironmentName(sole) == key)
            {
                continue;
            }
            var item = new YamlMap().Add("name", key).Add("value",
                value.Render(l => l.Replace("$(", "$$(", StringComparison.Ordinal), p => $"$({DeploymentModel.EnvironmentName(p)})"));
            if (ExternalServer(model, value) is { } backing)
            {
                env.If($"not {HelmNames.Values(backing)}.external.enabled", s => s.Add(item));
            }
            else
            {
                env.Add(item);
            }
        }
        // External managed servers: the connection string comes whole from their Secret.
        foreach (var (key, value) in service.Environment.Where(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)))
        {
            if (ExternalServer(model, value) is { } backing)
            {
                var backingValues = HelmNames.Values(backing);
                env.If($"{backingValues}.external.enabled", s => s.Add(SecretEnv(key, $"{backingValues}.external.existingSecret", key)));
            }
        }
        return env;
    }

    private static YamlMap SecretEnv(string name, string secretExpression, string key) => new YamlMap()
        .Add("name", name)
        .Add("valueFrom", new YamlMap().Add("secretKeyRef", new YamlMap()
            .Add("name", YamlNode.QuotedTpl(secretExpression))
            .Add("key", key)));

    private static YamlMap StatefulSet(DeployedService service)
    {
        var set = HelmNames.Object("apps/v1", "StatefulSet");
        HelmNames.Metadata(set, service.Name, service.Name, service.Tier);
        var spec = set.Map("spec");
        spec.Add("replicas", 1);
        spec.Add("serviceName", $"{service.Name}-headless");
        spec.Map("selector").Add("matchLabels", HelmNames.SelectorLabels(service.Name));
        spec.Map("updateStrategy").Add("type", "RollingUpdate");
        var template = spec.Map("template");
        template.Map("metadata").Add("labels", HelmNames.Labels(service.Name, service.Tier));
        var pod = PodSpec(service, template);
        var container = Container(service, pod);
        var env = container.Seq("env");
        var mounts = new List<(string Name, string Path)> { ("data", "") };
        var port = service.ContainerPort!.Value;
        if (service.Kind == ServiceKind.Redis)
        {
            // the password reaches the server through a config file, never its command line; $$( keeps Kubernetes' $(VAR) expansion off the script
            container.Seq("command").Add("sh").Add("-c").Add(RedisStart.Script(service).Replace("$(", "$$(", StringComparison.Ordinal));
            if (service.PasswordParameter is { } password)
            {
                env.Add(SecretEnv("REDISCLI_AUTH", Secrets, password));
            }
            mounts[0] = ("data", "/data");
            var ping = new YamlSeq().Add("sh").Add("-c").Add("redis-cli -h 127.0.0.1 ping | grep -q PONG");
            container.Add("startupProbe", ExecProbe(ping, period: 2, failures: 30));
            container.Add("readinessProbe", ExecProbe(ping, period: 10, failures: 3));
            container.Add("livenessProbe", ExecProbe(ping, period: 10, failures: 3));
        }
        else
        {
            env.AddMap().Add("name", "POSTGRES_USER").Add("value", service.UserName!);
            env.Add(SecretEnv("POSTGRES_PASSWORD", Secrets, service.PasswordParameter!));
            env.AddMap().Add("name", "POSTGRES_DB").Add("value", service.DatabaseName ?? "postgres");
            env.AddMap().Add("name", "PGDATA").Add("value", "/var/lib/postgresql/data/pgdata");
            mounts[0] = ("data", "/var/lib/postgresql/data");
            mounts.Add(("run", "/var/run/postgresql"));
            var ready = new YamlSeq().Add("pg_isready").Add("-h").Add("127.0.0.1").Add("-U").Add(service.UserName!).Add("-d").Add(service.DatabaseName ?? "postgres");
            container.Add("startupProbe", ExecProbe(ready, period: 2, failures: 60));
            container.Add("readinessProbe", ExecProbe(ready, period: 10, failures: 3));
            container.Add("livenessProbe", ExecProbe(ready, period: 10, failures: 6));
        }
        container.Seq("ports").AddMap().Add("name", "tcp").Add("containerPort", port).Add("protocol", "TCP");
        FinishContainer(service, container, mounts);
        var volumes = pod.Seq("volumes");
        volumes.AddMap().Add("name", "tmp").Add("emptyDir", new YamlMap().Add("sizeLimit", "64Mi"));
        foreach (var (name, _) in mounts.Skip(1))
        {
            volumes.AddMap().Add("name", name).Add("emptyDir", new YamlMap().Add("sizeLimit", "16Mi"));
        }

        var values = HelmNames.Values(service.Name);
        var claim = spec.Seq("volumeClaimTemplates").AddMap();
        claim.Map("metadata").Add("name", "data").Add("labels", HelmNames.SelectorLabels(service.Name));
        var claimSpec = claim.Map("spec");
        claimSpec.Seq("accessModes").Add("ReadWriteOnce");
        claimSpec.If($"{values}.persistence.storageClass", m => m.Add("storageClassName", YamlNode.QuotedTpl($"{values}.persistence.storageClass")));
        claimSpec.Map("resources").Map("requests").Add("storage", YamlNode.QuotedTpl($"{values}.persistence.size"));
        return set;
    }

    /// <summary>The pod spec with the restricted security context, its own ServiceAccount and topology spread.</summary>
    private static YamlMap PodSpec(DeployedService service, YamlMap template)
    {
        var pod = template.Map("spec");
        pod.Add("serviceAccountName", service.Name);
        pod.Add("automountServiceAccountToken", false);
        pod.Add("enableServiceLinks", false);
        var security = pod.Map("securityContext");
        security.Add("runAsNonRoot", true);
        security.Add("runAsUser", service.RunAs.User);
        security.Add("runAsGroup", service.RunAs.Group);
        security.Add("fsGroup", service.RunAs.Group);
        security.Add("fsGroupChangePolicy", "OnRootMismatch");
        security.Map("seccompProfile").Add("type", "RuntimeDefault");
        pod.If(".Values.global.imagePullSecrets", m => m.ToYaml("imagePullSecrets", ".Values.global.imagePullSecrets"));
        if (!service.ExplicitStart)
        {
            var spread = pod.Seq("topologySpreadConstraints");
            foreach (var key in new[] { "kubernetes.io/hostname", "topology.kubernetes.io/zone" })
            {
                spread.AddMap()
                    .Add("maxSkew", 1)
                    .Add("topologyKey", key)
                    .Add("whenUnsatisfiable", "ScheduleAnyway")
                    .Add("labelSelector", new YamlMap().Add("matchLabels", HelmNames.SelectorLabels(service.Name)));
            }
        }
        return pod;
    }

    private static YamlMap Container(DeployedService service, YamlMap pod)
    {
        var container = pod.Seq("containers").AddMap();
        ContainerImage(service, container);
        return container;
    }

    /// <summary>The container's name (the service's) and its image from the service's values.</summary>
    private static void ContainerImage(DeployedService service, YamlMap container)
    {
        var values = HelmNames.Values(service.Name);
        container.Add("name", service.Name);
        container.Add("image", YamlNode.Raw(
            $"\"{{{{ include \"votingapp.image\" (dict \"image\" {values}.image \"global\" .Values.global) }}}}\""));
        container.Add("imagePullPolicy", YamlNode.Tpl($"{values}.image.pullPolicy"));
    }

    private static void FinishContainer(DeployedService service, YamlMap container, List<(string Name, string Path)> mounts)
    {
        container.ToYaml("resources", $"{HelmNames.Values(service.Name)}.resources");
        var security = container.Map("securityContext");
        security.Add("allowPrivilegeEscalation", false);
        security.Add("readOnlyRootFilesystem", true);
        security.Add("runAsNonRoot", true);
        security.Add("privileged", false);
        security.Map("capabilities").Seq("drop").Add("ALL");
        security.Map("seccompProfile").Add("type", "RuntimeDefault");
        var volumeMounts = container.Seq("volumeMounts");
        volumeMounts.AddMap().Add("name", "tmp").Add("mountPath", "/tmp");
        foreach (var (name, path) in mounts)
        {
            volumeMounts.AddMap().Add("name", name).Add("mountPath", path);
        }
    }

    private static YamlMap BackupClaim(DeployedService server)
    {
        var values = $"{HelmNames.Values(server.Name)}.backup";
        var claim = HelmNames.Object("v1", "PersistentVolumeClaim");
        HelmNames.Metadata(claim, PostgresBackup.Name(server), PostgresBackup.Name(server), server.Tier);
        var spec = claim.Map("spec");
        spec.Seq("accessModes").Add("ReadWriteOnce");
        spec.If($"{values}.storageClass", m => m.Add("storageClassName", YamlNode.QuotedTpl($"{values}.storageClass")));
        spec.Map("resources").Map("requests").Add("storage", YamlNode.QuotedTpl($"{values}.size"));
        return claim;
    }

    /// <summary>pg_dump on a schedule, with the server's image, user and Secret; one run at a time.</summary>
    private static YamlMap BackupCronJob(DeployedService server)
    {
        var name = PostgresBackup.Name(server);
        var values = HelmNames.Values(server.Name);
        var cron = HelmNames.Object("batch/v1", "CronJob");
        HelmNames.Metadata(cron, name, name, server.Tier);
        var spec = cron.Map("spec");
        spec.Add("schedule", YamlNode.QuotedTpl($"{values}.backup.schedule"));
        spec.Add("concurrencyPolicy", "Forbid");
        spec.Add("successfulJobsHistoryLimit", 3);
        spec.Add("failedJobsHistoryLimit", 3);
        var job = spec.Map("jobTemplate").Map("spec");
        job.Add("backoffLimit", 2);
        var template = job.Map("template");
        template.Map("metadata").Add("labels", HelmNames.Labels(name, server.Tier));
        var pod = template.Map("spec");
        pod.Add("serviceAccountName", server.Name);
        pod.Add("automountServiceAccountToken", false);
        pod.Add("enableServiceLinks", false);
        pod.Add("restartPolicy", "Never");
        var security = pod.Map("securityContext");
        security.Add("runAsNonRoot", true);
        security.Add("runAsUser", server.RunAs.User);
        security.Add("runAsGroup", server.RunAs.Group);
        security.Add("fsGroup", server.RunAs.Group);
        security.Add("fsGroupChangePolicy", "OnRootMismatch");
        security.Map("seccompProfile").Add("type", "RuntimeDefault");
        pod.If(".Values.global.imagePullSecrets", m => m.ToYaml("imagePullSecrets", ".Values.global.imagePullSecrets"));
        var container = pod.Seq("containers").AddMap();
        container.Add("name", "backup");
        container.Add("image", YamlNode.Raw(
            $"\"{{{{ include \"votingapp.image\" (dict \"image\" {values}.image \"global\" .Values.global) }}}}\""));
        container.Add("imagePullPolicy", YamlNode.Tpl($"{values}.image.pullPolicy"));
        // $$( keeps Kubernetes' $(VAR) expansion off the script's command substitutions
        container.Seq("command").Add("sh").Add("-c").Add(PostgresBackup.Script.Replace("$(", "$$(", StringComparison.Ordinal));
        var env = container.Seq("env");
        env.AddMap().Add("name", "PGHOST").Add("value", server.Name);
        env.AddMap().Add("name", "PGPORT").Add("value", YamlNode.Str(server.ContainerPort!.Value.ToString(CultureInfo.InvariantCulture)));
        env.AddMap().Add("name", "PGUSER").Add("value", server.UserName!);
        env.AddMap().Add("name", "PGDATABASE").Add("value", server.DatabaseName ?? "postgres");
        env.Add(SecretEnv("PGPASSWORD", Secrets, server.PasswordParameter!));
        env.AddMap().Add("name", "KEEP").Add("value", YamlNode.QuotedTpl($"{values}.backup.keep"));
        container.ToYaml("resources", $"{values}.backup.resources");
        var containerSecurity = container.Map("securityContext");
        containerSecurity.Add("allowPrivilegeEscalation", false);
        containerSecurity.Add("readOnlyRootFilesystem", true);
        containerSecurity.Add("runAsNonRoot", true);
        containerSecurity.Add("privileged", false);
        containerSecurity.Map("capabilities").Seq("drop").Add("ALL");
        containerSecurity.Map("seccompProfile").Add("type", "RuntimeDefault");
        var mounts = container.Seq("volumeMounts");
        mounts.AddMap().Add("name", "tmp").Add("mountPath", "/tmp");
        mounts.AddMap().Add("name", "backup").Add("mountPath", "/backup");
        var volumes = pod.Seq("volumes");
        volumes.AddMap().Add("name", "tmp").Add("emptyDir", new YamlMap().Add("sizeLimit", "64Mi"));
        volumes.AddMap().Add("name", "backup").Add("persistentVolumeClaim", new YamlMap().Add("claimName", name));
        return cron;
    }

    /// <summary>The backup pods reach the server's port and nothing else (DNS: the chart-wide policy).</summary>
    private static YamlMap BackupNetworkPolicy(DeployedService server)
    {
        var name = PostgresBackup.Name(server);
        var policy = HelmNames.Object("networking.k8s.io/v1", "NetworkPolicy");
        HelmNames.Metadata(policy, name, name, server.Tier);
        var spec = policy.Map("spec");
        spec.Add("podSelector", new YamlMap().Add("matchLabels", HelmNames.SelectorLabels(name)));
        spec.Seq("policyTypes").Add("Ingress").Add("Egress");
        spec.Seq("egress").Add(Rule("to", PodPeer(server.Name), server.ContainerPort!.Value));
        return policy;
    }

    private static YamlMap HttpProbe(string path, string scheme, int period, int failures) => new YamlMap()
        .Add("httpGet", new YamlMap().Add("path", path).Add("port", scheme))
        .Add("periodSeconds", period)
        .Add("timeoutSeconds", 3)
        .Add("failureThreshold", failures);

    private static YamlMap ExecProbe(YamlSeq command, int period, int failures) => new YamlMap()
        .Add("exec", new YamlMap().Add("command", command))
        .Add("periodSeconds", period)
        .Add("timeoutSeconds", 5)
        .Add("failureThreshold", failures);

    private static YamlMap Service(DeployedService service, bool headless)
    {
        var port = service.ContainerPort!.Value;
        var name = headless ? $"{service.Name}-headless" : service.Name;
        var document = HelmNames.Object("v1", "Service");
        HelmNames.Metadata(document, name, service.Name, service.Tier);
        var spec = document.Map("spec");
        spec.Add("type", "ClusterIP");
        if (headless)
        {
            spec.Add("clusterIP", "None");
        }
        spec.Add("selector", HelmNames.SelectorLabels(service.Name));
        var portName = service.Kind == ServiceKind.Project ? service.Scheme : "tcp";
        spec.Seq("ports").AddMap().Add("name", portName).Add("port", port).Add("targetPort", portName).Add("protocol", "TCP");
        return document;
    }

    private static YamlMap PodDisruptionBudget(DeployedService service)
    {
        var budget = HelmNames.Object("policy/v1", "PodDisruptionBudget");
        HelmNames.Metadata(budget, service.Name, service.Name, service.Tier);
        var spec = budget.Map("spec");
        spec.Add("maxUnavailable", YamlNode.Tpl($"{HelmNames.Values(service.Name)}.pdb.maxUnavailable"));
        spec.Map("selector").Add("matchLabels", HelmNames.SelectorLabels(service.Name));
        return budget;
    }

    private static YamlMap HorizontalPodAutoscaler(DeployedService service)
    {
        var values = HelmNames.Values(service.Name);
        var hpa = HelmNames.Object("autoscaling/v2", "HorizontalPodAutoscaler");
        HelmNames.Metadata(hpa, service.Name, service.Name, service.Tier);
        var spec = hpa.Map("spec");
        spec.Add("scaleTargetRef", new YamlMap().Add("apiVersion", "apps/v1").Add("kind", "Deployment").Add("name", service.Name));
        spec.Add("minReplicas", YamlNode.Tpl($"{values}.autoscaling.minReplicas"));
        spec.Add("maxReplicas", YamlNode.Tpl($"{values}.autoscaling.maxReplicas"));
        var metric = spec.Seq("metrics").AddMap();
        metric.Add("type", "Resource");
        metric.Map("resource").Add("name", "cpu").Map("target")
            .Add("type", "Utilization")
            .Add("averageUtilization", YamlNode.Tpl($"{values}.autoscaling.targetCPUUtilizationPercentage"));
        return hpa;
    }

    /// <summary>
    /// Exactly the model's edges: ingress from each client on this service's port (plus the ingress controller for
    /// external endpoints and monitoring for HTTP services), egress to each referenced service's port.
    /// </summary>
    private static YamlMap NetworkPolicy(DeploymentModel model, DeployedService service)
    {
        var policy = HelmNames.Object("networking.k8s.io/v1", "NetworkPolicy");
        HelmNames.Metadata(policy, service.Name, service.Name, service.Tier);
        var spec = policy.Map("spec");
        spec.Add("podSelector", new YamlMap().Add("matchLabels", HelmNames.SelectorLabels(service.Name)));
        spec.Seq("policyTypes").Add("Ingress").Add("Egress");

        var ingress = new List<(string? Condition, YamlMap Rule)>();
        if (service.ContainerPort is { } port)
        {
            foreach (var client in model.ClientsOf(service))
            {
                ingress.Add((client.ExplicitStart ? Condition(client) : null, Rule("from", PodPeer(client.Name), port)));
            }
            if (service.IsExternal)
            {
                ingress.Add((".Values.ingress.enabled", Rule("from", NamespacePeer(".Values.networkPolicy.ingressControllerNamespace"), port)));
            }
            if (service.Kind == ServiceKind.Project && !service.ExplicitStart)
            {
                ingress.Add((".Values.networkPolicy.monitoringNamespace", Rule("from", NamespacePeer(".Values.networkPolicy.monitoringNamespace"), port)));
            }
            if (service.Kind == ServiceKind.Postgres)
            {
                ingress.Add(($"{HelmNames.Values(service.Name)}.backup.enabled", Rule("from", PodPeer(PostgresBackup.Name(service)), port)));
            }
        }
        AddRules(spec, "ingress", ingress);

        var egress = new List<(string? Condition, YamlMap Rule)>();
        // the pod's connections: its own and those of the one-shot services its init containers run
        foreach (var edge in model.PodEdges(service))
        {
            var target = model[edge.Target];
            if (target.IsStateful)
            {
                var values = HelmNames.Values(target.Name);
                egress.Add(($"not {values}.external.enabled", Rule("to", PodPeer(target.Name), edge.Port)));
                var external = new YamlMap();
                external.Seq("to").AddMap().Add("ipBlock", new YamlMap().Add("cidr", YamlNode.QuotedTpl($"{values}.external.cidr")));
                external.Seq("ports").AddMap().Add("protocol", "TCP").Add("port", YamlNode.Tpl($"{values}.external.port"));
                egress.Add(($"{values}.external.enabled", external));
            }
            else
            {
                egress.Add((target.ExplicitStart ? Condition(target) : null, Rule("to", PodPeer(target.Name), edge.Port)));
            }
        }
        AddRules(spec, "egress", egress);
        return policy;
    }

    private static void AddRules(YamlMap spec, string key, List<(string? Condition, YamlMap Rule)> rules)
    {
        if (rules.Count == 0)
        {
            return;
        }
        var seq = new YamlSeq();
        foreach (var (condition, rule) in rules)
        {
            if (condition is null)
            {
                seq.Add(rule);
            }
            else
            {
                seq.If(condition, s => s.Add(rule));
            }
        }
        if (rules.Any(r => r.Condition is null))
        {
            spec.Add(key, seq);
        }
        else
        {
            var any = rules.Count == 1 ? rules[0].Condition! : "or " + string.Join(' ', rules.Select(r => $"({r.Condition})"));
            spec.If(any, m => m.Add(key, seq));
        }
    }

    private static YamlMap Rule(string direction, YamlMap peer, int port)
    {
        var rule = new YamlMap();
        rule.Seq(direction).Add(peer);
        rule.Seq("ports").AddMap().Add("protocol", "TCP").Add("port", port);
        return rule;
    }

    private static YamlMap PodPeer(string service) => new YamlMap().Add("podSelector", new YamlMap().Add("matchLabels", HelmNames.SelectorLabels(service)));

    private static YamlMap NamespacePeer(string namespaceExpression) => new YamlMap().Add("namespaceSelector",
        new YamlMap().Add("matchLabels", new YamlMap().Add("kubernetes.io/metadata.name", YamlNode.QuotedTpl(namespaceExpression))));

    internal static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
