using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace VotingApp.ServiceDefaults;

/// <summary>
/// Builds the OpenTelemetry SDK when the host starts (before Kestrel takes a request), so that the listeners exist from
/// the first request on. The SDK is a singleton: the host's service provider disposes it, which flushes the exporters.
/// </summary>
internal sealed class OpenTelemetryStartup(OpenTelemetrySdk sdk) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(sdk);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
