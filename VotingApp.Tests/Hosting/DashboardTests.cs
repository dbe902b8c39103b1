using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using VotingApp.Hosting.Dashboard;
using VotingApp.Tests.Infrastructure;

namespace VotingApp.Tests.Hosting;

/// <summary>The run-mode dashboard's API: sign-in, the live resource list, console logs and commands.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DashboardTests(DashboardApp dashboard) : IClassFixture<DashboardApp>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Without_the_browser_token_there_is_only_the_login_page()
    {
        using var page = await dashboard.Anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location?.OriginalString);

        using var api = await dashboard.Anonymous.GetAsync("/api/resources");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Contains("/login?t=", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var command = await dashboard.Anonymous.PostAsync("/api/resources/cache/commands/resource-stop", null);
        Assert.Equal(HttpStatusCode.Unauthorized, command.StatusCode);
        Assert.Equal(KnownResourceStates.Running, State("cache"));

        using var wrong = await dashboard.Anonymous.GetAsync("/login?t=not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        using var right = await dashboard.Anonymous.GetAsync(dashboard.App.DashboardLoginUrl!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("no-referrer", right.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task The_resource_list_shows_each_resource_with_its_state_health_process_and_relations()
    {
        var resources = await dashboard.Client.GetFromJsonAsync<JsonElement>("/api/resources");
        Assert.Equal(["cache", "postgres", "appdb"], resources.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        foreach (var resource in resources.EnumerateArray())
        {
            var name = resource.GetProperty("name").GetString()!;
            Assert.True(dashboard.App.ResourceNotifications.TryGetCurrentState(name, out var current));
            Assert.Equal("Running", resource.GetProperty("state").GetString());
            Assert.Equal("Healthy", resource.GetProperty("health").GetString());
            Assert.Equal(current!.Snapshot.ProcessIds, resource.GetProperty("processIds").EnumerateArray().Select(p => p.GetInt32()));
            Assert.Equal(["resource-stop", "resource-restart"], resource.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));
        }
        var postgres = resources[1];
        Assert.Equal("PostgreSQL", postgres.GetProperty("type").GetString());
        Assert.StartsWith("postgres ", postgres.GetProperty("runtime").GetString(), StringComparison.Ordinal);
        var database = resources[2];
        Assert.Equal("Database", database.GetProperty("type").GetString());
        Assert.Equal("postgres", database.GetProperty("parent").GetString());
    }

    [Fact]
    public async Task Each_process_shows_how_it_was_started_and_no_secret_reaches_the_page()
    {
        var json = await dashboard.Client.GetStringAsync("/api/resources");
        var secrets = DashboardServer.SecretParameters(dashboard.App.Resources).Select(p => p.Value).ToList();
        Assert.Equal(2, secrets.Count); // the queue's and the server's generated passwords
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, json, StringComparison.Ordinal));

        var resources = JsonDocument.Parse(json).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        var postgres = resources["postgres"].GetProperty("commandLine").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.Equal("postgres", Path.GetFileName(postgres[0])); // the server itself, not the helper that starts it
        Assert.Equal("-D", postgres[1]);
        Assert.Contains("listen_addresses=localhost", postgres);
        Assert.NotEmpty(resources["cache"].GetProperty("commandLine").EnumerateArray());
        // a database is a part of its server: no process, no command line of its own
        Assert.Empty(resources["appdb"].GetProperty("commandLine").EnumerateArray());
    }

    [Fact]
    public void A_secret_in_a_command_line_or_a_variable_is_masked_and_flagged()
    {
        var launch = new VotingApp.Hosting.Orchestration.ProcessLaunch(
            ["garnet", "--password", "s3cr3t-value", "--port", "6379"],
            [new("ConnectionStrings__cache", "localhost:6379,password=s3cr3t-value"), new("OTEL_SERVICE_NAME", "vote")]);
        var resource = dashboard.App.Resources.Single(r => r.Name == "cache");
        var view = ResourceView.From(resource, new ResourceSnapshot { State = KnownResourceStates.Running, Launch = launch }, ["s3cr3t-value"]);

        Assert.Equal(["garnet", "--password", ResourceView.Mask, "--port", "6379"], view.CommandLine);
        Assert.Equal(
            [new EnvironmentVariableView("ConnectionStrings__cache", $"localhost:6379,password={ResourceView.Mask}", true), new EnvironmentVariableView("OTEL_SERVICE_NAME", "vote", false)],
            view.Environment);
    }

    [Fact]
    public async Task Stop_and_start_from_the_dashboard_drive_the_resource_and_the_live_stream_shows_every_step()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var stream = await dashboard.Client.GetStreamAsync("/api/resources/stream", cts.Token);
        using var reader = new StreamReader(stream);
        // the stream opens with every resource's current state
        var initial = new HashSet<string>();
        while (initial.Count < 3)
        {
            var (name, data) = await SseReader.NextEventAsync(reader, cts.Token);
            Assert.Equal("resource", name);
            initial.Add(JsonDocument.Parse(data).RootElement.GetProperty("name").GetString()!);
        }

        var before = Pids("cache");
        try
        {
            using var stop = await dashboard.Client.PostAsync("/api/resources/cache/commands/resource-stop", null, cts.Token);
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
            var stopped = await stop.Content.ReadFromJsonAsync<JsonElement>(cts.Token);
            Assert.Equal("Exited", stopped.GetProperty("state").GetString());
            Assert.NotEqual(KnownResourceStates.Running, State("cache"));
            await NextStateAsync(reader, "cache", s => s.GetProperty("state").GetString() == "Stopping", cts.Token);
            var afterStop = await NextStateAsync(reader, "cache", s => s.GetProperty("state").GetString() == "Exited", cts.Token);
            Assert.Empty(afterStop.GetProperty("processIds").EnumerateArray());
            Assert.Equal(["resource-start"], afterStop.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));

            using var start = await dashboard.Client.PostAsync("/api/resources/cache/commands/resource-start", null, cts.Token);
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
            var healthy = await NextStateAsync(reader, "cache",
                s => s.GetProperty("state").GetString() == "Running" && s.TryGetProperty("health", out var h) && h.GetString() == "Healthy", cts.Token);
            var after = healthy.GetProperty("processIds").EnumerateArray().Select(p => p.GetInt32()).ToList();
            Assert.NotEmpty(after);
            Assert.Empty(after.Intersect(before));
        }
        finally
        {
            await dashboard.App.ResourceCommands.ExecuteCommandAsync("cache", KnownResourceCommands.Start);
            await dashboard.WaitHealthyAsync("cache");
        }
    }

    [Fact]
    public async Task Bad_commands_get_a_clear_error_and_change_nothing()
    {
        var before = Pids("postgres");

        using var unknownCommand = await dashboard.Client.PostAsync("/api/resources/postgres/commands/resource-explode", null);
        Assert.Equal(HttpStatusCode.BadRequest, unknownCommand.StatusCode);
        Assert.Contains("resource-restart", await unknownCommand.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var unknownResource = await dashboard.Client.PostAsync("/api/resources/nope/commands/resource-stop", null);
        Assert.Equal(HttpStatusCode.NotFound, unknownResource.StatusCode);
        Assert.Contains("cache, postgres, appdb", await unknownResource.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // a page on another site posting to the dashboard (its cookie is same-site, and the origin is checked as well)
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/resources/postgres/commands/resource-stop");
        crossSite.Headers.Add("Origin", "http://attacker.example");
        using var refused = await dashboard.Client.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var get = await dashboard.Client.GetAsync("/api/resources/postgres/commands/resource-stop");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);

        Assert.Equal(KnownResourceStates.Running, State("postgres"));
        Assert.Equal(before, Pids("postgres"));
    }

    [Fact]
    public async Task Console_logs_are_served_and_then_streamed_as_they_are_written()
    {
        var kept = dashboard.App.ResourceLogs.GetLogs("postgres");
        Assert.NotEmpty(kept);
        var lines = await dashboard.Client.GetFromJsonAsync<JsonElement>("/api/resources/postgres/logs?tail=5");
        Assert.Equal(kept.TakeLast(5).Select(l => l.Text), lines.EnumerateArray().Select(l => l.GetProperty("text").GetString()));

        using var cts = new CancellationTokenSource(s_timeout);
        using var stream = await dashboard.Client.GetStreamAsync("/api/resources/cache/logs/stream?tail=0", cts.Token);
        using var reader = new StreamReader(stream);
        var marker = $"dashboard-test-{Guid.NewGuid():N}";
        dashboard.App.ResourceLogs.Write("cache", marker, isError: true);
        var (name, data) = await SseReader.NextEventAsync(reader, cts.Token);
        Assert.Equal("log", name);
        var line = JsonDocument.Parse(data).RootElement;
        Assert.Equal(marker, line.GetProperty("text").GetString());
        Assert.True(line.GetProperty("isError").GetBoolean());
    }

    [Fact]
    public async Task A_taken_dashboard_port_is_one_clear_error_before_anything_starts()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var home = Directory.CreateTempSubdirectory("votingapp-dashboard-port-").FullName;
        try
        {
            var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
            {
                Args = [$"--ASPNETCORE_URLS=http://127.0.0.1:{port}"],
                AppHostDirectory = home,
                ReportToConsole = false,
                PersistGeneratedSecrets = false,
            });
            builder.AddRedis("cache");
            await using var app = builder.Build();
            var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync());
            Assert.Contains($"Port {port} for the dashboard is already in use", error.Message, StringComparison.Ordinal);
            Assert.Contains("--ASPNETCORE_URLS=", error.Message, StringComparison.Ordinal);
            Assert.False(app.ResourceNotifications.TryGetCurrentState("cache", out _), "a resource started although the dashboard could not");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, "localhost", 18888)]
    [InlineData("http://localhost:19999", "localhost", 19999)]
    [InlineData("http://127.0.0.1:17000;https://localhost:17001", "127.0.0.1", 17000)]
    [InlineData("http://*:18890", "0.0.0.0", 18890)]
    [InlineData("http://[::1]:17002", "::1", 17002)]
    public void The_dashboard_listens_where_ASPNETCORE_URLS_says(string? urls, string host, int port)
    {
        var options = DashboardOptions.FromConfiguration(Configuration(("ASPNETCORE_URLS", urls)), randomizePort: false);
        Assert.Equal(host, options.Host);
        Assert.Equal(port, options.Port);
        Assert.Equal(32, options.BrowserToken!.Length);
        Assert.Equal(port, options.BaseUrl(port).Port);
    }

    [Theory]
    [InlineData("https://localhost:17000")]
    [InlineData("http://myhost:17000")]
    [InlineData("not a url")]
    public void A_dashboard_URL_it_cannot_serve_is_refused_with_what_to_set(string urls)
    {
        var error = Assert.Throws<DistributedApplicationException>(() =>
            DashboardOptions.FromConfiguration(Configuration(("ASPNETCORE_URLS", urls)), randomizePort: false));
        Assert.Contains(urls, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_browser_token_comes_from_AppHost_BrowserToken_and_unsecured_mode_needs_none()
    {
        Assert.Equal("my-token", DashboardOptions.FromConfiguration(Configuration(("AppHost:BrowserToken", "my-token")), false).BrowserToken);
        Assert.Null(DashboardOptions.FromConfiguration(Configuration(("Dashboard:Frontend:AuthMode", "Unsecured")), false).BrowserToken);
        Assert.Null(DashboardOptions.FromConfiguration(Configuration(("ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS", "true")), false).BrowserToken);
        Assert.NotEqual(
            DashboardOptions.FromConfiguration(Configuration(), false).BrowserToken,
            DashboardOptions.FromConfiguration(Configuration(), false).BrowserToken);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private string State(string resource) =>
        dashboard.App.ResourceNotifications.TryGetCurrentState(resource, out var e) ? e!.Snapshot.State : "unknown";

    private IReadOnlyList<int> Pids(string resource) =>
        dashboard.App.ResourceNotifications.TryGetCurrentState(resource, out var e) ? [.. e!.Snapshot.ProcessIds] : [];

    private static async Task<JsonElement> NextStateAsync(StreamReader reader, string resource, Func<JsonElement, bool> predicate, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (name, data) = await SseReader.NextEventAsync(reader, cancellationToken);
            var view = JsonDocument.Parse(data).RootElement;
            if (name == "resource" && view.GetProperty("name").GetString() == resource && predicate(view))
            {
                return view;
            }
        }
    }
}
