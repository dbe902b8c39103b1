using System.Text.Json.Nodes;

namespace VotingApp.Tests.Publishing;

/// <summary>Each policy check accepts a correct manifest set and catches a broken one.</summary>
public sealed class ManifestPolicyTests
{
    [Fact]
    public void The_baseline_has_zero_findings()
    {
        var findings = PolicyBaseline.CheckBroken(_ => { });
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Theory]
    [InlineData("allowPrivilegeEscalation")]
    [InlineData("readOnlyRootFilesystem")]
    [InlineData("capabilities")]
    [InlineData("runAsNonRoot")]
    [InlineData("seccompProfile")]
    [InlineData("privileged")]
    [InlineData("hostPath")]
    [InlineData("hostNetwork")]
    public void Restricted_pod_security_catches_each_missing_setting(string broken)
    {
        var findings = PolicyBaseline.CheckBroken(objects =>
        {
            var container = objects.Container("Deployment", "web");
            var pod = objects.PodSpec("Deployment", "web");
            var security = (JsonObject)container["securityContext"]!;
            switch (broken)
            {
                case "allowPrivilegeEscalation":
                    security.Remove("allowPrivilegeEscalation");
                    break;
                case "readOnlyRootFilesystem":
                    security["readOnlyRootFilesystem"] = false;
                    break;
                case "capabilities":
                    security["capabilities"] = new JsonObject { ["add"] = new JsonArray("NET_ADMIN") };
                    break;
                case "runAsNonRoot":
                    ((JsonObject)pod["securityContext"]!).Remove("runAsNonRoot");
                    break;
                case "seccompProfile":
                    ((JsonObject)pod["securityContext"]!).Remove("seccompProfile");
                    break;
                case "privileged":
                    security["privileged"] = true;
                    break;
                case "hostPath":
                    ((JsonArray)pod["volumes"]!).Add(new JsonObject { ["name"] = "host", ["hostPath"] = new JsonObject { ["path"] = "/" } });
                    break;
                case "hostNetwork":
                    pod["hostNetwork"] = true;
                    break;
            }
        });
        Assert.Contains(findings, f => f.Check == ManifestPolicy.PodSecurity && f.Object.StartsWith("Deployment/web", StringComparison.Ordinal));
        Assert.All(findings, f => Assert.Equal(ManifestPolicy.PodSecurity, f.Check));
    }

    [Theory]
    [InlineData("readinessProbe")]
    [InlineData("livenessProbe")]
    [InlineData("limits")]
    [InlineData("requests")]
    public void Probes_and_resources_are_required_on_every_long_running_container(string missing)
    {
        var findings = PolicyBaseline.CheckBroken(objects =>
        {
            var container = objects.Container("StatefulSet", "db");
            if (missing is "limits" or "requests")
            {
                ((JsonObject)container["resources"]!).Remove(missing);
            }
            else
            {
                container.Remove(missing);
            }
        });
        Assert.Contains(findings, f => f.Check == ManifestPolicy.ProbesAndResources && f.Object.StartsWith("StatefulSet/db", StringComparison.Ordinal) && f.Message.Contains(missing, StringComparison.Ordinal));
    }

    [Fact]
    public void Init_containers_need_resources_but_no_probes()
    {
        var findings = PolicyBaseline.CheckBroken(objects =>
        {
            var init = (JsonObject)objects.Container("Deployment", "web").DeepClone();
            init["name"] = "setup";
            init.Remove("ports");
            init.Remove("readinessProbe");
            init.Remove("livenessProbe");
            ((JsonObject)init["resources"]!).Remove("limits");
            objects.PodSpec("Deployment", "web")["initContainers"] = new JsonArray(init);
        });
        Assert.Equal(["resources.limits.cpu is missing", "resources.limits.memory is missing"], findings.Select(f => f.Message).Order(StringComparer.Ordinal));
        Assert.All(findings, f =>
        {
            Assert.Equal(ManifestPolicy.ProbesAndResources, f.Check);
            Assert.EndsWith("container setup", f.Object, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("example/web")]
    [InlineData("example/web:latest")]
    [InlineData("registry.example.com:5000/web")]
    public void Images_must_have_a_concrete_tag(string image)
    {
        var findings = PolicyBaseline.CheckBroken(objects => objects.Container("Deployment", "web")["image"] = image);
        Assert.Contains(findings, f => f.Check == ManifestPolicy.PinnedImages && f.Message.Contains(image, StringComparison.Ordinal));
    }

    [Fact]
    public void A_digest_pins_an_image()
    {
        var findings = PolicyBaseline.CheckBroken(objects => objects.Container("Deployment", "web")["image"] = "example/web@sha256:" + new string('a', 64));
        Assert.Empty(findings);
    }

    [Fact]
    public void A_service_that_selects_no_pod_is_caught()
    {
        var findings = PolicyBaseline.CheckBroken(objects => objects.Get("Service", "db")["spec"]!["selector"] = new JsonObject { ["app"] = "database" });
        Assert.Contains(findings, f => f.Check == ManifestPolicy.ServicesSelectPods && f.Object == "Service/db");
    }

    [Fact]
    public void A_service_whose_target_port_no_pod_declares_is_caught()
    {
        var findings = PolicyBaseline.CheckBroken(objects => objects.Get("Service", "web")["spec"]!["ports"]![0]!["targetPort"] = "metrics");
        Assert.Contains(findings, f => f.Check == ManifestPolicy.ServicesSelectPods && f.Message.Contains("metrics", StringComparison.Ordinal));
    }

    [Fact]
    public void A_network_policy_that_selects_no_pod_is_caught()
    {
        // the seeds' defect: policies keyed on labels the pods do not carry
        var findings = PolicyBaseline.CheckBroken(objects => objects.Get("NetworkPolicy", "db")["spec"]!["podSelector"] = new JsonObject
        {
            ["matchLabels"] = new JsonObject { ["tier"] = "backend" },
        });
        Assert.Contains(findings, f => f.Check == ManifestPolicy.NetworkPoliciesSelectPods && f.Object == "NetworkPolicy/db");
    }

    [Fact]
    public void A_network_policy_peer_that_selects_no_pod_is_caught()
    {
        var findings = PolicyBaseline.CheckBroken(objects =>
            objects.Get("NetworkPolicy", "db")["spec"]!["ingress"]![0]!["from"]![0]!["podSelector"] = new JsonObject
            {
                ["matchLabels"] = new JsonObject { ["app"] = "frontend" },
            });
        Assert.Contains(findings, f => f.Check == ManifestPolicy.NetworkPoliciesSelectPods && f.Message.Contains("peer", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Check == ManifestPolicy.AllowedEdges && f.Message.Contains("web -> db:5432", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_default_deny_shows_as_connections_the_model_does_not_have()
    {
        var findings = PolicyBaseline.CheckBroken(objects =>
        {
            objects.Remove(objects.Get("NetworkPolicy", "default-deny"));
            objects.Remove(objects.Get("NetworkPolicy", "db"));
        });
        Assert.Contains(findings, f => f.Check == ManifestPolicy.AllowedEdges && f.Message.Contains("allowed that the model does not have: * -> db", StringComparison.Ordinal));
    }

    [Fact]
    public void An_extra_port_or_peer_is_caught()
    {
        var findings = PolicyBaseline.CheckBroken(objects =>
            ((JsonArray)objects.Get("NetworkPolicy", "web")["spec"]!["egress"]!).Add(new JsonObject
            {
                ["to"] = new JsonArray(new JsonObject { ["ipBlock"] = new JsonObject { ["cidr"] = "0.0.0.0/0" } }),
            }));
        Assert.Contains(findings, f => f.Check == ManifestPolicy.AllowedEdges && f.Message.Contains("web -> cidr:0.0.0.0/0", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_egress_rule_blocks_an_expected_connection()
    {
        var findings = PolicyBaseline.CheckBroken(objects => ((JsonObject)objects.Get("NetworkPolicy", "web")["spec"]!).Remove("egress"));
        Assert.Contains(findings, f => f.Check == ManifestPolicy.AllowedEdges && f.Message.Contains("expected connection is not allowed: web -> db:5432/TCP", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wrong_port_on_one_side_blocks_the_connection()
    {
        var findings = PolicyBaseline.CheckBroken(objects => objects.Get("NetworkPolicy", "db")["spec"]!["ingress"]![0]!["ports"]![0]!["port"] = 5433);
        Assert.Contains(findings, f => f.Check == ManifestPolicy.AllowedEdges && f.Message.Contains("web -> db:5432", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("configMap")]
    [InlineData("secret")]
    [InlineData("serviceAccount")]
    [InlineData("tls")]
    [InlineData("backend")]
    public void References_to_objects_that_do_not_exist_are_caught(string broken)
    {
        var findings = PolicyBaseline.CheckBroken(objects =>
        {
            switch (broken)
            {
                case "configMap":
                    objects.Remove(objects.Get("ConfigMap", "web-config"));
                    break;
                case "secret":
                    objects.Container("Deployment", "web")["env"]![0]!["valueFrom"]!["secretKeyRef"]!["name"] = "other-secrets";
                    break;
                case "serviceAccount":
                    objects.Remove(objects.Get("ServiceAccount", "db"));
                    break;
                case "tls":
                    objects.Get("Ingress", "web")["spec"]!["tls"]![0]!["secretName"] = "unknown-tls";
                    break;
                case "backend":
                    objects.Get("Ingress", "web")["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!["name"] = "website";
                    break;
            }
        });
        Assert.Contains(findings, f => f.Check == ManifestPolicy.ReferencesExist);
    }

    [Fact]
    public void An_autoscaler_without_its_target_is_caught()
    {
        var findings = PolicyBaseline.CheckBroken(objects => objects.Get("HorizontalPodAutoscaler", "web")["spec"]!["scaleTargetRef"]!["name"] = "webapp");
        Assert.Contains(findings, f => f.Check == ManifestPolicy.ScalingTargetsExist && f.Object == "HorizontalPodAutoscaler/web");
    }

    [Fact]
    public void An_autoscaled_deployment_that_also_sets_replicas_is_caught()
    {
        var findings = PolicyBaseline.CheckBroken(objects => objects.Get("Deployment", "web")["spec"]!["replicas"] = 2);
        Assert.Contains(findings, f => f.Check == ManifestPolicy.ScalingTargetsExist && f.Message.Contains("replicas", StringComparison.Ordinal));
    }

    [Fact]
    public void A_disruption_budget_that_selects_no_pod_is_caught()
    {
        var findings = PolicyBaseline.CheckBroken(objects => objects.Get("PodDisruptionBudget", "web")["spec"]!["selector"] = new JsonObject
        {
            ["matchLabels"] = new JsonObject { ["app"] = "web-v2" },
        });
        Assert.Contains(findings, f => f.Check == ManifestPolicy.ScalingTargetsExist && f.Object == "PodDisruptionBudget/web");
    }
}
