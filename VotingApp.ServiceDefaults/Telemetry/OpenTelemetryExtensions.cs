using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using VotingApp.ServiceDefaults;
using VotingApp.ServiceDefaults.Prometheus;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// OpenTelemetry for a service, wired with the core SDK only (no Extensions.Hosting, no instrumentation packages):
/// metrics always (read by <c>/metrics</c>, and exported over OTLP when configured), traces and logs exported over OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (protocol from <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, resource from
/// <c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES</c>).
/// </summary>
public static class OpenTelemetryExtensions
{
    /// <summary>Bucket bounds in seconds for duration histograms that bring none (Npgsql's), as Aspire.Npgsql sets them.</summary>
    public static readonly double[] SecondsBuckets = [0, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>Adds traces, metrics and logs as the Aspire ServiceDefaults template does, with the SDK's own builder.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var export = OtlpSettings.IsExportEnabled(configuration);
        var fallbackServiceName = string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]) ? builder.Environment.ApplicationName : null;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        if (export)
        {
            builder.Services.ConfigureOpenTelemetryLoggerProvider(logging =>
            {
                logging.ConfigureResource(resource => AddFallbackService(resource, fallbackServiceName));
                logging.AddOtlpExporter();
            });
        }

        var reader = new PrometheusMetricReader();
        builder.Services.TryAddSingleton(reader);
        builder.Services.TryAddSingleton(_ => OpenTelemetrySdk.Create(otel =>
        {
            // the host's configuration (environment variables, appsettings, command line) drives the SDK's OTEL_* options
            otel.Services.AddSingleton<IConfiguration>(configuration);
            otel.ConfigureResource(resource => AddFallbackService(resource, fallbackServiceName));
            otel.WithMetrics(metrics =>
            {
                foreach (var meter in TelemetryNames.Meters)
                {
                    metrics.AddMeter(meter);
                }
                metrics.AddView(StreamView);
                metrics.AddReader(reader);
                if (export)
                {
                    metrics.AddOtlpExporter();
                }
            });
            if (export)
            {
                // without an exporter a tracer would only cost time on every request
                otel.WithTracing(tracing =>
                {
                    foreach (var source in TelemetryNames.Sources)
                    {
                        tracing.AddSource(source);
                    }
                    tracing.AddSource(builder.Environment.ApplicationName);
                    tracing.AddOtlpExporter();
                });
            }
        }));
        builder.Services.AddHostedService<OpenTelemetryStartup>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, HttpServerTracingStartupFilter>());
        return builder;
    }

    /// <summary>
    /// Attribute sets kept per metric. The SDK's default (2,000) preallocates about 200 KB per metric stream, 10 MiB of
    /// heap across the ~60 streams a service has; the busiest stream here (HTTP request duration by method, route and
    /// status) has a few dozen. Sets beyond the limit are not dropped: they are summed under
    /// <c>otel.metric.overflow="true"</c>.
    /// </summary>
    public const int CardinalityLimit = 200;

    /// <summary>Every stream gets <see cref="CardinalityLimit"/>; Npgsql's duration histograms also get <see cref="SecondsBuckets"/>.</summary>
    private static MetricStreamConfiguration StreamView(Instrument instrument) =>
        instrument.Meter.Name == "Npgsql" && instrument.Unit == "s" && instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal)
            ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets, CardinalityLimit = CardinalityLimit }
            : new MetricStreamConfiguration { CardinalityLimit = CardinalityLimit };

    private static void AddFallbackService(ResourceBuilder resource, string? serviceName)
    {
        if (serviceName is not null)
        {
            resource.AddService(serviceName);
        }
    }
}
