using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace VotingApp.Hosting.LocalServers;

/// <summary>
/// Before anything starts (run mode), checks that every fixed port the model and the dashboard need is free, and stops
/// the AppHost with one line naming the port, its owner and what to do when one is not. Without it, a taken port shows
/// up as a resource that fails to start among many log lines, and the rest of the system waits for it.
/// </summary>
internal static class FixedPortCheck
{
    public static void Register(IDistributedApplicationBuilder builder)
    {
        // Aspire.Hosting.Testing randomizes the ports of proxied endpoints and runs no dashboard.
        var randomized = builder.Configuration.GetValue<bool>("DcpPublisher:RandomizePorts");
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            foreach (var (port, owner, fix) in FixedPorts(builder, e.Model, randomized))
            {
                if (!IsFree(port))
                {
                    throw StartFailure.Report(builder, $"Port {port} for {owner} is already in use. Stop what listens there (ss -ltnp 'sport = :{port}'), or {fix}.");
                }
            }
            return Task.CompletedTask;
        });
    }

    private static IEnumerable<(int Port, string Owner, string Fix)> FixedPorts(IDistributedApplicationBuilder builder, DistributedApplicationModel model, bool randomized)
    {
        foreach (var resource in model.Resources)
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                if (endpoint.Port is { } port and > 0 && !(randomized && endpoint.IsProxied))
                {
                    yield return (port, $"'{resource.Name}' ({endpoint.Name})", "change its port in VotingApp.AppHost/Program.cs");
                }
            }
        }
        if (randomized)
        {
            yield break;
        }
        foreach (var key in new[] { "ASPNETCORE_URLS", "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL" })
        {
            foreach (var url in (builder.Configuration[key] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port > 0)
                {
                    yield return (uri.Port, $"the dashboard ({key})", $"set {key} to another port (VotingApp.AppHost/Properties/launchSettings.json)");
                }
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
