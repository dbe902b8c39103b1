using VotingApp.Hosting.Publishing;

namespace VotingApp.Tests.Publishing;

/// <summary>The connections the model implies for a render: its references, ingress, monitoring and DNS.</summary>
internal static class ExpectedEdges
{
    public static HashSet<NetworkEdge> For(DeploymentModel model, IReadOnlySet<string> enabledTools, IReadOnlySet<string> externalServers,
        string ingressNamespace = "ingress-nginx", string monitoringNamespace = "monitoring", string dnsNamespace = "kube-system",
        string externalCidr = "10.0.0.0/8", bool backups = false)
    {
        // a one-shot service has no pods of its own: its connections are made by the pods it runs in (init containers)
        bool Rendered(DeployedService s) => !s.IsOneShot && (s.ExplicitStart ? enabledTools.Contains(s.Name) : !externalServers.Contains(s.Name));
        var edges = new HashSet<NetworkEdge>();
        foreach (var service in model.Services.Where(Rendered))
        {
            edges.Add(new NetworkEdge(service.Name, $"namespace:{dnsNamespace}", 53, "UDP"));
            edges.Add(new NetworkEdge(service.Name, $"namespace:{dnsNamespace}", 53, "TCP"));
            foreach (var edge in service.Edges.Concat(model.CompletionsBefore(service).SelectMany(c => c.Edges)))
            {
                var target = model[edge.Target];
                if (externalServers.Contains(target.Name))
                {
                    edges.Add(new NetworkEdge(service.Name, $"cidr:{externalCidr}", edge.Port));
                }
                else if (Rendered(target))
                {
                    edges.Add(new NetworkEdge(service.Name, target.Name, edge.Port));
                }
            }
            if (service.IsExternal)
            {
                edges.Add(new NetworkEdge($"namespace:{ingressNamespace}", service.Name, service.ContainerPort));
            }
            if (service.Kind == ServiceKind.Project && !service.ExplicitStart && service.ContainerPort is { } port)
            {
                edges.Add(new NetworkEdge($"namespace:{monitoringNamespace}", service.Name, port));
            }
        }
        // the backup CronJob of each rendered PostgreSQL server: DNS and the server's port
        foreach (var server in model.Services.Where(s => backups && s.Kind == ServiceKind.Postgres && Rendered(s)))
        {
            var backup = PostgresBackup.Name(server);
            edges.Add(new NetworkEdge(backup, $"namespace:{dnsNamespace}", 53, "UDP"));
            edges.Add(new NetworkEdge(backup, $"namespace:{dnsNamespace}", 53, "TCP"));
            edges.Add(new NetworkEdge(backup, server.Name, server.ContainerPort));
        }
        return edges;
    }
}
