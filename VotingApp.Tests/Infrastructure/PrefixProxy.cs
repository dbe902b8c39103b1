using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// A real reverse proxy (YARP) in the test process, on a random loopback port, that publishes services under path
/// prefixes the way an ingress does: <c>/vote/…</c> → the vote service's <c>/…</c>. Each mapping says whether the
/// proxy strips the prefix and whether it tells the service so with <c>X-Forwarded-Prefix</c>.
/// </summary>
public sealed class PrefixProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PrefixProxy(WebApplication app, Uri address, ConcurrentQueue<string> requests)
    {
        _app = app;
        Address = address;
        Requests = requests;
    }

    /// <summary>
    /// Every request the proxy received, as <c>METHOD /path status</c> (the status once the response has started; a
    /// live stream is listed when its headers are out), in order. It sees what a browser's tools do not show, such as
    /// a shared worker's requests.
    /// </summary>
    public ConcurrentQueue<string> Requests { get; }

    /// <summary>The proxy's own address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>One published service: requests under <paramref name="Prefix"/> (e.g. <c>/vote</c>) go to <paramref name="Destination"/>.</summary>
    /// <param name="Prefix">The public path prefix, starting with <c>/</c>, no trailing <c>/</c>.</param>
    /// <param name="Destination">The service's base address.</param>
    /// <param name="Strip">The proxy removes the prefix from the path it forwards (nginx <c>rewrite-target</c>, YARP <c>PathRemovePrefix</c>).</param>
    /// <param name="SendPrefix">The proxy sends <c>X-Forwarded-Prefix: <paramref name="Prefix"/></c>.</param>
    public sealed record Mapping(string Prefix, Uri Destination, bool Strip, bool SendPrefix);

    /// <summary>Starts the proxy with <paramref name="mappings"/>; anything else gets YARP's 404.</summary>
    public static async Task<PrefixProxy> StartAsync(params Mapping[] mappings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var (mapping, index) in mappings.Select((m, i) => (m, i)))
        {
            var transforms = new List<IReadOnlyDictionary<string, string>>
            {
                // X-Forwarded-For/-Proto/-Host as usual; the prefix header is decided below
                new Dictionary<string, string> { ["X-Forwarded"] = "Set", ["Prefix"] = "Off" },
            };
            if (mapping.Strip)
            {
                transforms.Add(new Dictionary<string, string> { ["PathRemovePrefix"] = mapping.Prefix });
            }
            if (mapping.SendPrefix)
            {
                transforms.Add(new Dictionary<string, string> { ["RequestHeader"] = "X-Forwarded-Prefix", ["Set"] = mapping.Prefix });
            }
            routes.Add(new RouteConfig
            {
                RouteId = $"route{index}",
                ClusterId = $"cluster{index}",
                Match = new RouteMatch { Path = mapping.Prefix + "/{**rest}" },
                Transforms = transforms,
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = $"cluster{index}",
                Destinations = new Dictionary<string, DestinationConfig> { ["service"] = new() { Address = mapping.Destination.ToString() } },
                // the live stream stays open: no activity timeout may cut it
                HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(10) },
            });
        }
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var app = builder.Build();
        var requests = new ConcurrentQueue<string>();
        app.Use((context, next) =>
        {
            var request = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
            context.Response.OnStarting(() =>
            {
                requests.Enqueue($"{request} {context.Response.StatusCode}");
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.MapReverseProxy();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PrefixProxy(app, new Uri(address + "/"), requests);
    }

    /// <summary>The public URL of <paramref name="path"/> (e.g. <c>/vote/</c>).</summary>
    public Uri Url(string path) => new(Address, path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
