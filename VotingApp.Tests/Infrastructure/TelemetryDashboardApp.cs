using System.Net;

namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// The whole system with the run-mode dashboard on and receiving the services' OTLP (as <c>dotnet run</c> of the
/// AppHost does with its launch profile), exports every second, and a client signed in to the dashboard.
/// </summary>
public sealed class TelemetryDashboardApp : IAsyncLifetime
{
    private TestApp? _app;

    public TestApp System => _app ?? throw new InvalidOperationException("The app has not started.");

    public DistributedApplication App => System.App;

    /// <summary>Signed in to the dashboard.</summary>
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(
            configure: settings =>
            {
                settings.ConfigureOptions = options => options.DisableDashboard = false;
                // the port is replaced by a free one (ports are randomized in tests)
                settings.Configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://localhost:18890";
            },
            configureBuilder: builder =>
            {
                foreach (var project in builder.Resources.OfType<ProjectResource>())
                {
                    builder.CreateResourceBuilder(project)
                        .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "500")
                        .WithEnvironment("OTEL_BLRP_SCHEDULE_DELAY", "500")
                        .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "1000");
                }
            });
        Client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = App.DashboardUrl };
        using var login = await Client.GetAsync(App.DashboardLoginUrl);
        login.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
