using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>The one switch docs/benchmarks.md needs for its "export off" figures.</summary>
internal static class TelemetryExport
{
    /// <summary>The setting: <c>--Telemetry:Export=false</c> on the AppHost's command line (default true).</summary>
    public const string Setting = "Telemetry:Export";

    /// <summary>
    /// With <see cref="Setting"/> false, run mode starts every project without the <c>OTEL_EXPORTER_OTLP_*</c>
    /// variables, so its ServiceDefaults export nothing over OTLP (traces are then not even recorded; <c>/metrics</c>
    /// and the console logs are unchanged). Aspire gives every project an OTLP endpoint whatever the configuration (the
    /// dashboard's, or http://localhost:18889 when none is set: <c>OtlpConfigurationExtensions.AddOtlpEnvironment</c>),
    /// so leaving the dashboard's URL empty does not turn the export off; this callback, added at
    /// <see cref="BeforeStartEvent"/> after Aspire's own, removes the variables again.
    /// </summary>
    public static IDistributedApplicationBuilder WithTelemetryExportSetting(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode || builder.Configuration.GetValue(Setting, true))
        {
            return builder;
        }
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            foreach (var project in e.Model.Resources.OfType<ProjectResource>())
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
                {
                    var environment = context.EnvironmentVariables;
                    foreach (var name in environment.Keys.Where(k => k.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal)).ToList())
                    {
                        environment.Remove(name);
                    }
                }));
            }
            return Task.CompletedTask;
        });
        return builder;
    }
}
