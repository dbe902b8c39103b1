using System.Text.Json.Nodes;

namespace VotingApp.Tests.Publishing;

/// <summary>
/// Computes the connections the NetworkPolicies actually allow (a pod-to-pod edge needs the sender's egress and the
/// receiver's ingress) and compares them with the expected set: each expected edge allowed, nothing else.
/// </summary>
internal static class NetworkPolicyEdges
{
    /// <summary>A peer and the ports a rule allows to / from it (null ports: all).</summary>
    private sealed record Allowance(string Peer, IReadOnlyList<(int? Port, string Protocol)> Ports);

    public static IEnumerable<PolicyFinding> Check(ManifestPolicyContext context)
    {
        if (context.ExpectedEdges is null)
        {
            yield break;
        }
        var actual = Compute(context);
        foreach (var missing in context.ExpectedEdges.Except(actual).OrderBy(e => e.ToString(), StringComparer.Ordinal))
        {
            yield return new(ManifestPolicy.AllowedEdges, "NetworkPolicy", $"expected connection is not allowed: {missing}");
        }
        foreach (var extra in actual.Except(context.ExpectedEdges).OrderBy(e => e.ToString(), StringComparer.Ordinal))
        {
            yield return new(ManifestPolicy.AllowedEdges, "NetworkPolicy", $"connection allowed that the model does not have: {extra}");
        }
    }

    public static HashSet<NetworkEdge> Compute(ManifestPolicyContext context)
    {
        var edges = new HashSet<NetworkEdge>();
        var workloads = context.Workloads;
        var ingress = workloads.ToDictionary(w => w, w => Allowed(context, w, "Ingress"));
        var egress = workloads.ToDictionary(w => w, w => Allowed(context, w, "Egress"));
        foreach (var to in workloads)
        {
            foreach (var rule in ingress[to].Where(a => !IsWorkload(context, a.Peer)))
            {
                edges.UnionWith(rule.Ports.Select(p => new NetworkEdge(rule.Peer, to.Name, p.Port, p.Protocol)));
            }
        }
        foreach (var from in workloads)
        {
            foreach (var rule in egress[from].Where(a => !IsWorkload(context, a.Peer)))
            {
                edges.UnionWith(rule.Ports.Select(p => new NetworkEdge(from.Name, rule.Peer, p.Port, p.Protocol)));
            }
            foreach (var to in workloads.Where(w => w.Namespace == from.Namespace && w != from))
            {
                var outgoing = egress[from].Where(a => a.Peer == to.Name || a.Peer == "*").SelectMany(a => a.Ports).ToList();
                var incoming = ingress[to].Where(a => a.Peer == from.Name || a.Peer == "*").SelectMany(a => a.Ports).ToList();
                foreach (var (port, protocol) in outgoing)
                {
                    foreach (var (inPort, inProtocol) in incoming.Where(i => i.Protocol == protocol))
                    {
                        int? effective = port is null ? inPort : inPort is null ? port : port == inPort ? port : -1;
                        if (effective != -1)
                        {
                            edges.Add(new NetworkEdge(from.Name, to.Name, effective, protocol));
                        }
                    }
                }
            }
        }
        return edges;
    }

    private static bool IsWorkload(ManifestPolicyContext context, string peer) => context.Workloads.Any(w => w.Name == peer);

    /// <summary>What a pod may receive from (Ingress) or send to (Egress); not isolated means everything.</summary>
    private static List<Allowance> Allowed(ManifestPolicyContext context, Workload workload, string direction)
    {
        var all = new List<(int?, string)> { (null, "TCP"), (null, "UDP"), (null, "SCTP") };
        var policies = context.OfKind("NetworkPolicy")
            .Where(p => p.Namespace() == workload.Namespace && workload.IsSelectedBy(p.At("spec", "podSelector")))
            .Where(p => Types(p).Contains(direction))
            .ToList();
        if (policies.Count == 0)
        {
            return [new Allowance("*", all)];
        }
        var key = direction == "Ingress" ? "ingress" : "egress";
        var peerKey = direction == "Ingress" ? "from" : "to";
        var result = new List<Allowance>();
        foreach (var rule in policies.SelectMany(p => p.Items("spec", key)))
        {
            var ports = rule.At("ports") is JsonArray { Count: > 0 } list
                ? list.OfType<JsonNode>().Select(p => ((int?)p.Long("port"), p.Str("protocol") ?? "TCP")).ToList()
                : all;
            var peers = rule.At(peerKey) is JsonArray { Count: > 0 } peerList ? peerList.OfType<JsonNode>().ToList() : null;
            if (peers is null)
            {
                result.Add(new Allowance("*", ports));
                continue;
            }
            foreach (var peer in peers)
            {
                foreach (var name in PeerNames(context, workload.Namespace, peer))
                {
                    result.Add(new Allowance(name, ports));
                }
            }
        }
        return result;
    }

    private static IEnumerable<string> PeerNames(ManifestPolicyContext context, string ns, JsonNode peer)
    {
        if (peer.At("ipBlock") is { } block)
        {
            yield return $"cidr:{block.Str("cidr")}";
            yield break;
        }
        if (peer.At("namespaceSelector") is { } namespaces)
        {
            var name = namespaces.Labels("matchLabels").GetValueOrDefault("kubernetes.io/metadata.name");
            yield return name is null ? "namespace:*" : $"namespace:{name}";
            yield break;
        }
        foreach (var workload in context.Workloads.Where(w => w.Namespace == ns && w.IsSelectedBy(peer.At("podSelector"))))
        {
            yield return workload.Name;
        }
    }

    private static IReadOnlyList<string> Types(JsonObject policy)
    {
        if (policy.At("spec", "policyTypes") is JsonArray types)
        {
            return [.. types.Select(t => t!.ToString())];
        }
        return policy.At("spec", "egress") is not null ? ["Ingress", "Egress"] : ["Ingress"];
    }
}
