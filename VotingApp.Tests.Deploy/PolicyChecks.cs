using System.Text.Json.Nodes;

namespace VotingApp.Tests.Publishing;

/// <summary>The per-object policy checks (the NetworkPolicy edge analysis is in <see cref="NetworkPolicyEdges"/>).</summary>
internal static class PolicyChecks
{
    private static readonly HashSet<string> s_restrictedVolumeTypes = new(StringComparer.Ordinal)
    {
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
    };

    private static readonly HashSet<string> s_floatingTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "latest", "stable", "edge", "nightly", "dev", "beta", "canary", "lts", "main", "master",
    };

    /// <summary>Pod Security Standard "restricted", plus a read-only root filesystem, on every pod and container.</summary>
    public static IEnumerable<PolicyFinding> RestrictedPodSecurity(ManifestPolicyContext context)
    {
        const string check = ManifestPolicy.PodSecurity;
        foreach (var workload in context.Workloads)
        {
            var id = workload.Object.Id();
            var pod = workload.PodSpec;
            foreach (var host in new[] { "hostNetwork", "hostPID", "hostIPC" })
            {
                if (pod.Bool(host) == true)
                {
                    yield return new(check, id, $"{host} is true");
                }
            }
            foreach (var volume in pod.Items("volumes").OfType<JsonObject>())
            {
                var type = volume.Select(p => p.Key).FirstOrDefault(k => k != "name");
                if (type is null || !s_restrictedVolumeTypes.Contains(type))
                {
                    yield return new(check, id, $"volume '{volume.Str("name")}' is of type '{type}', not allowed under restricted");
                }
            }
            var podNonRoot = pod.Bool("securityContext", "runAsNonRoot") == true;
            var podSeccomp = pod.Str("securityContext", "seccompProfile", "type") is "RuntimeDefault" or "Localhost";
            if (pod.Long("securityContext", "runAsUser") == 0)
            {
                yield return new(check, id, "pod runAsUser is 0");
            }
            foreach (var container in workload.Containers)
            {
                var name = $"{id} container {container.Str("name")}";
                var security = container.At("securityContext");
                if (!podNonRoot && security.Bool("runAsNonRoot") != true)
                {
                    yield return new(check, name, "runAsNonRoot is not true (pod or container)");
                }
                if (security.Long("runAsUser") == 0)
                {
                    yield return new(check, name, "runAsUser is 0");
                }
                if (!podSeccomp && security.Str("seccompProfile", "type") is not ("RuntimeDefault" or "Localhost"))
                {
                    yield return new(check, name, "seccompProfile is not RuntimeDefault (pod or container)");
                }
                if (security.Bool("allowPrivilegeEscalation") != false)
                {
                    yield return new(check, name, "allowPrivilegeEscalation is not false");
                }
                if (security.Bool("privileged") == true)
                {
                    yield return new(check, name, "privileged is true");
                }
                if (!security.Items("capabilities", "drop").Any(c => c.ToString() == "ALL"))
                {
                    yield return new(check, name, "capabilities.drop does not contain ALL");
                }
                foreach (var added in security.Items("capabilities", "add").Select(c => c.ToString()).Where(c => c != "NET_BIND_SERVICE"))
                {
                    yield return new(check, name, $"capability {added} is added");
                }
                if (security.Bool("readOnlyRootFilesystem") != true)
                {
                    yield return new(check, name, "readOnlyRootFilesystem is not true");
                }
                if (container.Items("ports").Any(p => p.At("hostPort") is not null))
                {
                    yield return new(check, name, "hostPort is set");
                }
            }
        }
    }

    /// <summary>
    /// Readiness and liveness probes on long-running containers; CPU and memory requests and limits on all, init
    /// containers included (they run to completion, so they have no probes, but the pod is sized by them too).
    /// </summary>
    public static IEnumerable<PolicyFinding> ProbesAndResources(ManifestPolicyContext context)
    {
        const string check = ManifestPolicy.ProbesAndResources;
        foreach (var workload in context.Workloads)
        {
            var containers = workload.PodSpec.Items("containers").Select(c => (Container: c, Init: false))
                .Concat(workload.PodSpec.Items("initContainers").Select(c => (Container: c, Init: true)));
            foreach (var (container, init) in containers)
            {
                var name = $"{workload.Object.Id()} container {container.Str("name")}";
                if (workload.IsLongRunning && !init)
                {
                    foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
                    {
                        if (container.At(probe) is not JsonObject)
                        {
                            yield return new(check, name, $"{probe} is missing");
                        }
                    }
                }
                foreach (var (section, resource) in new[] { ("requests", "cpu"), ("requests", "memory"), ("limits", "cpu"), ("limits", "memory") })
                {
                    if (container.At("resources", section, resource) is null)
                    {
                        yield return new(check, name, $"resources.{section}.{resource} is missing");
                    }
                }
            }
        }
    }

    /// <summary>Every image has a concrete tag or a digest.</summary>
    public static IEnumerable<PolicyFinding> PinnedImages(ManifestPolicyContext context)
    {
        foreach (var workload in context.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                var image = container.Str("image") ?? string.Empty;
                if (image.Contains("@sha256:", StringComparison.Ordinal))
                {
                    continue;
                }
                var last = image[(image.LastIndexOf('/') + 1)..];
                var colon = last.IndexOf(':', StringComparison.Ordinal);
                var tag = colon < 0 ? null : last[(colon + 1)..];
                if (string.IsNullOrEmpty(tag) || s_floatingTags.Contains(tag))
                {
                    yield return new(ManifestPolicy.PinnedImages, $"{workload.Object.Id()} container {container.Str("name")}",
                        $"image '{image}' has no concrete tag");
                }
            }
        }
    }

    /// <summary>Every Service selects some pod in its namespace, on a port those pods declare.</summary>
    public static IEnumerable<PolicyFinding> ServicesSelectPods(ManifestPolicyContext context)
    {
        const string check = ManifestPolicy.ServicesSelectPods;
        foreach (var service in context.OfKind("Service"))
        {
            if (service.Str("spec", "type") == "ExternalName")
            {
                continue;
            }
            var selector = service.At("spec", "selector");
            var selected = context.Workloads.Where(w => w.Namespace == service.Namespace() && selector is JsonObject { Count: > 0 } && w.IsSelectedBy(selector)).ToList();
            if (selected.Count == 0)
            {
                yield return new(check, service.Id(), "selects no pod");
                continue;
            }
            foreach (var port in service.Items("spec", "ports"))
            {
                var target = port.At("targetPort") ?? port.At("port");
                var named = target is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                var number = named is null ? target.Long() : null;
                var declared = selected.SelectMany(w => w.PodSpec.Items("containers")).SelectMany(c => c.Items("ports"))
                    .Any(p => named is not null ? p.Str("name") == named : p.Long("containerPort") == number);
                if (!declared)
                {
                    yield return new(check, service.Id(), $"targetPort {named ?? number?.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a port of the selected pods");
                }
            }
        }
    }

    /// <summary>Every NetworkPolicy selects some pod, and every same-namespace peer selector matches some pod.</summary>
    public static IEnumerable<PolicyFinding> NetworkPoliciesSelectPods(ManifestPolicyContext context)
    {
        const string check = ManifestPolicy.NetworkPoliciesSelectPods;
        foreach (var policy in context.OfKind("NetworkPolicy"))
        {
            var pods = context.Workloads.Where(w => w.Namespace == policy.Namespace()).ToList();
            if (!pods.Any(w => w.IsSelectedBy(policy.At("spec", "podSelector"))) && !SelectsAcmeSolvers(context, policy))
            {
                yield return new(check, policy.Id(), "podSelector selects no pod");
            }
            var peers = policy.Items("spec", "ingress").SelectMany(r => r.Items("from"))
                .Concat(policy.Items("spec", "egress").SelectMany(r => r.Items("to")));
            foreach (var peer in peers.Where(p => p.At("podSelector") is not null && p.At("namespaceSelector") is null))
            {
                if (!pods.Any(w => w.IsSelectedBy(peer.At("podSelector"))))
                {
                    yield return new(check, policy.Id(), $"peer podSelector {peer.At("podSelector")!.ToJsonString()} selects no pod");
                }
            }
        }
    }

    /// <summary>
    /// cert-manager's HTTP-01 solver pods are not rendered: cert-manager creates them (label
    /// <c>acme.cert-manager.io/http01-solver</c>) in the namespace of an Ingress that names an issuer. A policy for them
    /// selects pods only there, and only by that label alone.
    /// </summary>
    private static bool SelectsAcmeSolvers(ManifestPolicyContext context, JsonObject policy)
    {
        var selector = policy.At("spec", "podSelector");
        if (selector?.At("matchLabels") is not JsonObject labels || labels.Count != 1 || selector.At("matchExpressions") is not null
            || labels["acme.cert-manager.io/http01-solver"]?.GetValue<string>() != "true")
        {
            return false;
        }
        return context.OfKind("Ingress").Any(i => i.Namespace() == policy.Namespace()
            && i.At("metadata", "annotations") is JsonObject annotations
            && (annotations.ContainsKey("cert-manager.io/issuer") || annotations.ContainsKey("cert-manager.io/cluster-issuer")));
    }

    /// <summary>Every ConfigMap, Secret and ServiceAccount a pod or Ingress names exists, or is declared external.</summary>
    public static IEnumerable<PolicyFinding> ReferencesExist(ManifestPolicyContext context)
    {
        const string check = ManifestPolicy.ReferencesExist;
        var configMaps = context.OfKind("ConfigMap").Select(o => o.Name()).Concat(context.ExternalConfigMaps).ToHashSet(StringComparer.Ordinal);
        var secrets = context.OfKind("Secret").Select(o => o.Name()).Concat(context.ExternalSecrets).ToHashSet(StringComparer.Ordinal);
        var accounts = context.OfKind("ServiceAccount").Select(o => o.Name()).Append("default").ToHashSet(StringComparer.Ordinal);
        foreach (var workload in context.Workloads)
        {
            var id = workload.Object.Id();
            var pod = workload.PodSpec;
            var account = pod.Str("serviceAccountName") ?? "default";
            if (!accounts.Contains(account))
            {
                yield return new(check, id, $"ServiceAccount '{account}' does not exist");
            }
            var references = new List<(string Kind, string? Name, bool Optional)>();
            foreach (var container in workload.Containers)
            {
                foreach (var source in container.Items("envFrom"))
                {
                    if (source.At("configMapRef") is { } cm)
                    {
                        references.Add(("ConfigMap", cm.Str("name"), cm.Bool("optional") == true));
                    }
                    if (source.At("secretRef") is { } s)
                    {
                        references.Add(("Secret", s.Str("name"), s.Bool("optional") == true));
                    }
                }
                foreach (var env in container.Items("env"))
                {
                    if (env.At("valueFrom", "configMapKeyRef") is { } cm)
                    {
                        references.Add(("ConfigMap", cm.Str("name"), cm.Bool("optional") == true));
                    }
                    if (env.At("valueFrom", "secretKeyRef") is { } s)
                    {
                        references.Add(("Secret", s.Str("name"), s.Bool("optional") == true));
                    }
                }
            }
            foreach (var volume in pod.Items("volumes"))
            {
                if (volume.At("configMap") is { } cm)
                {
                    references.Add(("ConfigMap", cm.Str("name"), cm.Bool("optional") == true));
                }
                if (volume.At("secret") is { } s)
                {
                    references.Add(("Secret", s.Str("secretName"), s.Bool("optional") == true));
                }
            }
            references.AddRange(pod.Items("imagePullSecrets").Select(p => ("Secret", p.Str("name"), false)));
            foreach (var (kind, name, optional) in references.Where(r => !r.Optional))
            {
                if (!(kind == "ConfigMap" ? configMaps : secrets).Contains(name ?? string.Empty))
                {
                    yield return new(check, id, $"{kind} '{name}' is neither rendered nor declared external");
                }
            }
        }
        foreach (var ingress in context.OfKind("Ingress"))
        {
            foreach (var name in ingress.Items("spec", "tls").Select(t => t.Str("secretName")).OfType<string>().Where(n => !secrets.Contains(n)))
            {
                yield return new(check, ingress.Id(), $"TLS Secret '{name}' is neither rendered nor declared external");
            }
            foreach (var backend in ingress.Items("spec", "rules").SelectMany(r => r.Items("http", "paths")).Select(p => p.Str("backend", "service", "name")))
            {
                if (!context.OfKind("Service").Any(s => s.Name() == backend))
                {
                    yield return new(check, ingress.Id(), $"backend Service '{backend}' does not exist");
                }
            }
        }
    }

    /// <summary>HPAs scale an existing workload that leaves replicas to them; PDBs select some pod.</summary>
    public static IEnumerable<PolicyFinding> ScalingTargetsExist(ManifestPolicyContext context)
    {
        const string check = ManifestPolicy.ScalingTargetsExist;
        foreach (var hpa in context.OfKind("HorizontalPodAutoscaler"))
        {
            var kind = hpa.Str("spec", "scaleTargetRef", "kind");
            var name = hpa.Str("spec", "scaleTargetRef", "name");
            var target = context.Objects.FirstOrDefault(o => o.Kind() == kind && o.Name() == name && o.Namespace() == hpa.Namespace());
            if (target is null)
            {
                yield return new(check, hpa.Id(), $"scale target {kind}/{name} does not exist");
            }
            else if (target.At("spec", "replicas") is not null)
            {
                yield return new(check, hpa.Id(), $"{kind}/{name} sets spec.replicas, which fights the autoscaler");
            }
        }
        foreach (var pdb in context.OfKind("PodDisruptionBudget"))
        {
            if (!context.Workloads.Any(w => w.Namespace == pdb.Namespace() && w.IsLongRunning && w.IsSelectedBy(pdb.At("spec", "selector"))))
            {
                yield return new(check, pdb.Id(), "selector matches no pod");
            }
        }
    }
}
