using System.Net;

namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// A small application with the dashboard on (a queue server and PostgreSQL, as the AppHost runs them), and an
/// HTTP client signed in to the dashboard.
/// </summary>
public sealed class DashboardApp : IAsyncLifetime
{
    private string? _home;
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>Signed in (it followed the login URL and keeps the cookie).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Not signed in, redirects not followed.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public Uri Url => App.DashboardUrl!;

    public async Task InitializeAsync()
    {
        _home = Directory.CreateTempSubdirectory("votingapp-dashboard-").FullName;
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [],
            AppHostDirectory = _home,
            RandomizePorts = true,
            ReportToConsole = false,
            PersistGeneratedSecrets = false,
            DisableDashboard = false,
        });
        builder.AddRedis("cache");
        builder.AddPostgres("postgres").AddDatabase("appdb");
        _app = builder.Build();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _app.StartAsync(cts.Token);
        foreach (var name in new[] { "cache", "postgres", "appdb" })
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(name, cts.Token);
        }
        Client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Url };
        using (var login = await Client.GetAsync(App.DashboardLoginUrl, cts.Token))
        {
            login.EnsureSuccessStatusCode();
        }
        Anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Url };
    }

    /// <summary>Waits until <paramref name="resource"/> is running and healthy (after a test stopped or restarted it).</summary>
    public Task WaitHealthyAsync(string resource) =>
        App.ResourceNotifications.WaitForResourceHealthyAsync(resource).WaitAsync(TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        Anonymous?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_home is not null)
        {
            Directory.Delete(_home, recursive: true);
        }
    }
}
