using System.Globalization;
using System.Text.RegularExpressions;

namespace VotingApp.Hosting.Publishing;

/// <summary>
/// The namespace's ResourceQuota, sized from the model so that the application at its largest scale fits and
/// nothing beyond it does: every project at its autoscaling maximum plus the one surge pod of a rolling update, each
/// server, and each explicit-start tool as a Job, at the environment's resources (the tools keep their defaults); one
/// claim of the environment's volume size per server. A one-shot service adds no pod: it is an init container of
/// other pods, and a pod is charged the larger of its init containers and the sum of its containers.
/// </summary>
internal static class NamespaceQuota
{
    public static YamlMap Hard(DeploymentModel model, int resourceFactor, int volumeGi, int? backupGi)
    {
        long cpuRequest = 0, cpuLimit = 0, memoryRequest = 0, memoryLimit = 0, pods = 0;
        foreach (var service in model.Services.Where(s => !s.IsOneShot))
        {
            var count = service.Kind == ServiceKind.Project && !service.ExplicitStart ? Math.Max(service.Autoscaling.MaxReplicas, service.Replicas) + 1 : 1;
            var inits = model.CompletionsBefore(service);
            // the environments size the running services; a tool keeps its default resources everywhere
            long Factor(DeployedService s) => s.ExplicitStart ? 1 : resourceFactor;
            // init containers run one at a time before the containers: the pod needs whichever is larger
            long PerPod(Func<ComputeResourcesAnnotation, long> amount) =>
                inits.Select(i => amount(i.Compute) * Factor(i)).Append(amount(service.Compute) * Factor(service)).Max();
            pods += count;
            cpuRequest += count * PerPod(c => Milli(c.CpuRequest));
            cpuLimit += count * PerPod(c => Milli(c.CpuLimit));
            memoryRequest += count * PerPod(c => Mebi(c.MemoryRequest));
            memoryLimit += count * PerPod(c => Mebi(c.MemoryLimit));
        }
        var servers = model.Services.Count(s => s.IsStateful);
        var backups = backupGi is null ? 0 : model.Services.Count(s => s.Kind == ServiceKind.Postgres);
        // a backup Job at a time (concurrencyPolicy Forbid) and its volume
        pods += backups;
        cpuRequest += backups * Milli(PostgresBackup.Compute.CpuRequest);
        cpuLimit += backups * Milli(PostgresBackup.Compute.CpuLimit);
        memoryRequest += backups * Mebi(PostgresBackup.Compute.MemoryRequest);
        memoryLimit += backups * Mebi(PostgresBackup.Compute.MemoryLimit);
        return new YamlMap()
            .Add("requests.cpu", Cpu(cpuRequest))
            .Add("requests.memory", Memory(memoryRequest))
            .Add("limits.cpu", Cpu(cpuLimit))
            .Add("limits.memory", Memory(memoryLimit))
            .Add("pods", YamlNode.Str(pods.ToString(CultureInfo.InvariantCulture)))
            .Add("persistentvolumeclaims", YamlNode.Str((servers + backups).ToString(CultureInfo.InvariantCulture)))
            .Add("requests.storage", $"{(servers * volumeGi) + (backups * (backupGi ?? 0))}Gi");
    }

    private static long Milli(string quantity)
    {
        var (number, unit) = KubernetesQuantity.Parse(quantity);
        return unit switch
        {
            "m" => (long)number,
            "" => (long)(number * 1000),
            _ => throw new DistributedApplicationException($"'{quantity}' is not a CPU quantity (e.g. 100m, 0.5, 2)."),
        };
    }

    private static long Mebi(string quantity)
    {
        var (number, unit) = KubernetesQuantity.Parse(quantity);
        return unit switch
        {
            "Mi" => (long)number,
            "Gi" => (long)(number * 1024),
            _ => throw new DistributedApplicationException($"'{quantity}' is not a memory quantity in Mi or Gi (e.g. 256Mi, 1Gi)."),
        };
    }

    private static string Cpu(long milli) => milli % 1000 == 0 ? (milli / 1000).ToString(CultureInfo.InvariantCulture) : $"{milli}m";

    private static string Memory(long mebi) => mebi % 1024 == 0 ? $"{mebi / 1024}Gi" : $"{mebi}Mi";
}

/// <summary>A Kubernetes resource quantity as the model gives it (<c>100m</c>, <c>0.5</c>, <c>256Mi</c>, <c>1Gi</c>).</summary>
internal static partial class KubernetesQuantity
{
    /// <summary>The number and its unit suffix (empty for whole units).</summary>
    /// <exception cref="DistributedApplicationException">Not a quantity.</exception>
    public static (decimal Number, string Unit) Parse(string quantity)
    {
        var match = Pattern().Match(quantity);
        return match.Success
            ? (decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value)
            : throw new DistributedApplicationException($"'{quantity}' is not a Kubernetes quantity (e.g. 100m, 0.5, 256Mi).");
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$")]
    private static partial Regex Pattern();
}
