using Microsoft.Extensions.Configuration;

namespace VotingApp.ServiceDefaults;

/// <summary>The OTLP variables Aspire injects, read from configuration (environment variables included).</summary>
public static class OtlpSettings
{
    /// <summary>Where to export; nothing is exported when it is empty.</summary>
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary><c>grpc</c> (the default) or <c>http/protobuf</c>.</summary>
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>Whether an OTLP endpoint is configured.</summary>
    public static bool IsExportEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[EndpointKey]);
    }
}
