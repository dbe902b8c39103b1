using System.Text.Json.Nodes;

namespace VotingApp.Tests.Publishing;

/// <summary>An object that runs pods (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod), with its pod template.</summary>
internal sealed record Workload(JsonObject Object, JsonNode PodSpec, Dictionary<string, string> PodLabels)
{
    public string Name => Object.Name();

    public string Namespace => Object.Namespace();

    public string Kind => Object.Kind();

    /// <summary>Long-running workloads must have probes; run-to-completion ones (Job, CronJob) need none.</summary>
    public bool IsLongRunning => Kind is "Deployment" or "StatefulSet" or "DaemonSet" or "Pod";

    public IEnumerable<JsonNode> Containers => PodSpec.Items("initContainers").Concat(PodSpec.Items("containers")).Concat(PodSpec.Items("ephemeralContainers"));

    public static IEnumerable<Workload> In(IEnumerable<JsonObject> objects)
    {
        foreach (var obj in objects)
        {
            var template = obj.Kind() switch
            {
                "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => obj.At("spec", "template"),
                "CronJob" => obj.At("spec", "jobTemplate", "spec", "template"),
                "Pod" => obj,
                _ => null,
            };
            if (template?.At("spec") is { } spec)
            {
                yield return new Workload(obj, spec, template.Labels("metadata", "labels"));
            }
        }
    }

    /// <summary>Whether a label selector (<c>matchLabels</c> / <c>matchExpressions</c> form, or a plain map) matches these pods.</summary>
    public bool IsSelectedBy(JsonNode? selector) => Matches(selector, PodLabels);

    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is not JsonObject obj)
        {
            return false;
        }
        var isStructured = obj.ContainsKey("matchLabels") || obj.ContainsKey("matchExpressions");
        var matchLabels = isStructured ? selector.Labels("matchLabels") : selector.Labels();
        if (matchLabels.Any(l => !labels.TryGetValue(l.Key, out var v) || v != l.Value))
        {
            return false;
        }
        foreach (var expression in selector.Items("matchExpressions"))
        {
            var key = expression.Str("key") ?? string.Empty;
            var values = expression.Items("values").Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal);
            var has = labels.TryGetValue(key, out var value);
            var ok = expression.Str("operator") switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
