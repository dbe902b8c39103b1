using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace VotingApp.Tests.Unit;

/// <summary><c>--healthcheck &lt;url&gt;</c>, the container healthcheck of chiseled images (no shell, no curl).</summary>
public sealed class HealthCheckCommandTests
{
    [Fact]
    public void Without_the_option_the_service_starts_normally()
    {
        Assert.Null(HealthCheckCommand.TryRun([]));
        Assert.Null(HealthCheckCommand.TryRun(["--urls", "http://localhost:1"]));
    }

    [Fact]
    public void A_bad_url_is_a_usage_error()
    {
        using var error = new StringWriter();
        Assert.Equal(2, HealthCheckCommand.TryRun(["--healthcheck", "not a url"], error));
        Assert.Contains("usage", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_code_follows_the_answer()
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        app.MapGet("/ok", () => "Healthy");
        app.MapGet("/down", () => Results.StatusCode(503));
        await app.StartAsync();

        using var error = new StringWriter();
        Assert.Equal(0, await Task.Run(() => HealthCheckCommand.TryRun(["--healthcheck", $"http://127.0.0.1:{port}/ok"], error)));
        Assert.Equal(1, await Task.Run(() => HealthCheckCommand.TryRun(["--healthcheck", $"http://127.0.0.1:{port}/down"], error)));
        Assert.Contains("503", error.ToString(), StringComparison.Ordinal);
        await app.StopAsync();
        Assert.Equal(1, await Task.Run(() => HealthCheckCommand.TryRun(["--healthcheck", $"http://127.0.0.1:{port}/ok"], error)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
