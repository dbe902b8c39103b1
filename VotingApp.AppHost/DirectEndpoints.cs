using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>vote and result serve their well-known ports themselves, with no proxy in front.</summary>
internal static class DirectEndpoints
{
    /// <summary>
    /// Adds the HTTP endpoint <paramref name="name"/> on <paramref name="port"/>, not proxied: the service listens on the
    /// port itself. Aspire's default puts a DCP proxy on the port and the service on a random one behind it; measured
    /// under the ingestion benchmark (docs/benchmarks.md), that proxy used as much CPU as the vote service itself and
    /// added a loopback hop to every request. What it offers (several replicas behind one port, stop and start without
    /// losing the port) these two single-replica services do not use. Where
    /// <c>DcpPublisher:RandomizePorts</c> is set (Aspire.Hosting.Testing sets it), the port is left to DCP, as it
    /// would be for a proxied endpoint, so that tests never need 8080 or 8081 free. In publish mode this is the plain
    /// <c>WithHttpEndpoint(port, name)</c>: the published port.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDirectHttpEndpoint(this IResourceBuilder<ProjectResource> project, int port, string name = "http")
    {
        if (!project.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            // publish: the proxy is DCP's, a run-mode thing; the publishers read the port as the published host port
            return project.WithHttpEndpoint(port: port, name: name);
        }
        var randomized = project.ApplicationBuilder.Configuration.GetValue<bool>("DcpPublisher:RandomizePorts");
        return project.WithHttpEndpoint(port: randomized ? null : port, name: name, isProxied: false);
    }
}
