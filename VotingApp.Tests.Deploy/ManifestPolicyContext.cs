using System.Text.Json.Nodes;

namespace VotingApp.Tests.Publishing;

/// <summary>What the policy checks look at: the rendered objects and what is legitimately outside them.</summary>
internal sealed class ManifestPolicyContext(IReadOnlyList<JsonObject> objects)
{
    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    public IReadOnlyList<Workload> Workloads { get; } = [.. Workload.In(objects)];

    /// <summary>Secrets the chart references but an operator creates (existingSecret, TLS).</summary>
    public ISet<string> ExternalSecrets { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>ConfigMaps the chart references but does not render.</summary>
    public ISet<string> ExternalConfigMaps { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The connections that must be allowed, and nothing else (null: not checked).</summary>
    public ISet<NetworkEdge>? ExpectedEdges { get; init; }

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => o.Kind() == kind);
}
