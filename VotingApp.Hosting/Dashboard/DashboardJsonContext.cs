using System.Text.Json;
using System.Text.Json.Serialization;

namespace VotingApp.Hosting.Dashboard;

/// <summary>The dashboard API's JSON (camelCase, nulls left out).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResourceView))]
[JsonSerializable(typeof(IReadOnlyList<ResourceView>))]
[JsonSerializable(typeof(EnvironmentVariableView))]
[JsonSerializable(typeof(LogLineView))]
[JsonSerializable(typeof(IReadOnlyList<LogLineView>))]
[JsonSerializable(typeof(CommandResultView))]
[JsonSerializable(typeof(ErrorView))]
[JsonSerializable(typeof(ApplicationView))]
[JsonSerializable(typeof(IReadOnlyList<Telemetry.TraceSummaryView>))]
[JsonSerializable(typeof(Telemetry.TraceView))]
[JsonSerializable(typeof(Telemetry.StructuredLogView))]
[JsonSerializable(typeof(IReadOnlyList<Telemetry.StructuredLogView>))]
[JsonSerializable(typeof(IReadOnlyList<Telemetry.TelemetryMetric>))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context the API writes with: as <see cref="JsonSerializerContext"/>'s default, but quotes and ellipses stay
    /// readable (the answers are JSON with <c>nosniff</c>, never inlined into HTML).
    /// </summary>
    public static DashboardJsonContext Api { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
