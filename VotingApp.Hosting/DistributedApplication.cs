using System.Runtime.InteropServices;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VotingApp.Hosting.ApplicationModel;
using VotingApp.Hosting.Dashboard;
using VotingApp.Hosting.Orchestration;

namespace VotingApp.Hosting;

/// <summary>The built application: runs the model locally (Aspire's <c>DistributedApplication</c>).</summary>
public sealed class DistributedApplication : IAsyncDisposable, IDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly IHost _host;
    private readonly string _runDirectory;
    private Orchestrator? _orchestrator;
    private DashboardServer? _dashboard;
    private int _disposed;

    internal DistributedApplication(DistributedApplicationBuilder builder, IHost host)
    {
        _builder = builder;
        _host = host;
        _runDirectory = Path.Combine(Path.GetTempPath(), $"votingapp-{Environment.ProcessId}-{Guid.NewGuid():N}"[..32]);
        ResourceNotifications = new ResourceNotificationService();
        ResourceLogs = new ResourceLoggerService(Path.Combine(builder.StateDirectory, "logs", $"{DateTime.Now:yyyyMMdd-HHmmss}-{Environment.ProcessId}"));
        ResourceCommands = new ResourceCommandService(() => _orchestrator);
    }

    /// <summary>Creates a builder from the AppHost's arguments.</summary>
    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        new DistributedApplicationBuilder(new DistributedApplicationOptions { Args = args });

    /// <summary>Creates a builder with options.</summary>
    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) =>
        new DistributedApplicationBuilder(options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>Services of the AppHost.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Resource states and health.</summary>
    public ResourceNotificationService ResourceNotifications { get; }

    /// <summary>Resource output.</summary>
    public ResourceLoggerService ResourceLogs { get; }

    /// <summary>Start / stop / restart / kill resources.</summary>
    public ResourceCommandService ResourceCommands { get; }

    /// <summary>The model.</summary>
    public IReadOnlyList<IResource> Resources => _builder.Resources;

    /// <summary>Where the dashboard listens once started; null when it is disabled (tests, by default).</summary>
    public Uri? DashboardUrl => _dashboard?.Url;

    /// <summary>The dashboard URL that signs a browser in (it carries the browser token, unless the dashboard is unsecured).</summary>
    public Uri? DashboardLoginUrl => _dashboard?.LoginUrl;

    /// <summary>Where the dashboard receives the resources' telemetry (OTLP/HTTP), or null when it does not.</summary>
    public Uri? DashboardOtlpUrl => _dashboard?.OtlpUrl;

    /// <summary>Run or publish.</summary>
    public DistributedApplicationExecutionContext ExecutionContext => _builder.ExecutionContext;

    /// <summary>Starts every resource; completes once each is running (or throws if one failed to start).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_orchestrator is not null)
        {
            throw new InvalidOperationException("The application has already been started.");
        }
        await StartDashboardAsync(cancellationToken).ConfigureAwait(false);
        RunDirectoryCleaner.RemoveStale();
        RunDirectoryCleaner.PruneLogs(Path.Combine(_builder.StateDirectory, "logs"), keep: 20);
        Directory.CreateDirectory(_runDirectory);
        var logger = _host.Services.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
            ? factory.CreateLogger("VotingApp.Hosting")
            : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var context = new OrchestratorContext(
            _builder.Configuration, _builder.ExecutionContext, _builder.Environment.EnvironmentName,
            _runDirectory, _builder.StateDirectory, ResourceLogs, ResourceNotifications, logger)
        {
            DashboardOtlp = _dashboard?.OtlpUrl is { } otlp ? (otlp, _dashboard.OtlpApiKey) : null,
        };
        _orchestrator = new Orchestrator(_builder.Resources, context, _builder.Options.RandomizePorts);
        await _orchestrator.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    // first, so that the dashboard shows the resources starting (and a taken port fails before anything runs)
    private async Task StartDashboardAsync(CancellationToken cancellationToken)
    {
        if (_dashboard is not null || _builder.Options.DisableDashboard)
        {
            return;
        }
        var name = _builder.Environment.ApplicationName;
        var dashboard = new DashboardServer(
            DashboardOptions.FromConfiguration(_builder.Configuration, _builder.Options.RandomizePorts),
            new ApplicationView(name.EndsWith(".AppHost", StringComparison.Ordinal) ? name[..^".AppHost".Length] : name, _builder.Environment.EnvironmentName),
            _builder.Resources, ResourceNotifications, ResourceLogs, ResourceCommands);
        await dashboard.StartAsync(cancellationToken).ConfigureAwait(false);
        _dashboard = dashboard;
    }

    /// <summary>Stops every resource, dependents first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_orchestrator is not null)
        {
            await _orchestrator.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_dashboard is not null)
        {
            await _dashboard.StopAsync().ConfigureAwait(false);
        }
        RunDirectoryCleaner.TryDelete(_runDirectory);
    }

    /// <summary>Runs until Ctrl+C / SIGTERM (run mode), printing resource states and the URLs.</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>Runs until <paramref name="cancellationToken"/>, Ctrl+C or SIGTERM.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (ExecutionContext.IsPublishMode)
        {
            // publishing moved onto Aspire's model: VotingApp.Hosting.Publishing (aspire publish)
            await Console.Error.WriteLineAsync("error: publish is Aspire's now: aspire publish -o DIR (VotingApp.Hosting.Publishing)").ConfigureAwait(false);
            System.Environment.ExitCode = 2;
            return;
        }
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var interrupts = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref interrupts) > 1)
            {
                // second Ctrl+C: no more waiting
                foreach (var resource in Resources)
                {
                    try
                    {
                        _orchestrator?.KillResource(resource.Name);
                    }
                    catch (ArgumentException)
                    {
                        // not a running resource (parameter)
                    }
                }
                Environment.Exit(130);
            }
            shutdown.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var console = new ConsoleReporter(ResourceNotifications, Console.Out);
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporter = _builder.Options.ReportToConsole ? console.RunAsync(reporting.Token) : Task.CompletedTask;
        var crashWatcher = _builder.Options.ReportToConsole ? ReportCrashesAsync(console, reporting.Token) : Task.CompletedTask;
        console.Write($"{_builder.Environment.ApplicationName}: starting {Resources.Count(r => r is not ParameterResource)} resources ({_builder.Environment.EnvironmentName}); logs in {ResourceLogs.LogDirectory}");
        try
        {
            await StartDashboardAsync(shutdown.Token).ConfigureAwait(false);
            if (DashboardLoginUrl is { } dashboard)
            {
                console.Write($"Dashboard: {dashboard}");
            }
            if (DashboardOtlpUrl is { } otlp)
            {
                console.Write($"Telemetry: the resources export OTLP/HTTP to the dashboard at {otlp}");
            }
            await StartAsync(shutdown.Token).ConfigureAwait(false);
            await WhenAllHealthyAsync(shutdown.Token).ConfigureAwait(false);
            PrintUrls(console);
            await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // Ctrl+C, SIGTERM or the caller's token
        }
        catch (DistributedApplicationException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            Environment.ExitCode = 1;
        }
        finally
        {
            console.Write("Stopping…");
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            console.Write($"Stopped in {stopwatch.Elapsed.TotalSeconds:0.0} s.");
            await reporting.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(reporter, crashWatcher).ConfigureAwait(false);
        }
    }

    private async Task WhenAllHealthyAsync(CancellationToken cancellationToken)
    {
        var running = Resources.Where(r => r is not ParameterResource && !r.Annotations.OfType<ExplicitStartAnnotation>().Any()).ToList();
        await Task.WhenAll(running.Select(r => ResourceNotifications.WaitForResourceHealthyAsync(r.Name, cancellationToken))).ConfigureAwait(false);
    }

    private void PrintUrls(ConsoleReporter console)
    {
        var external = Resources
            .SelectMany(r => r.Annotations.OfType<EndpointAnnotation>().Where(e => e.IsExternal && e.AllocatedEndpoint is not null).Select(e => (r.Name, e.AllocatedEndpoint!.UriString)))
            .ToList();
        console.Write(string.Empty);
        foreach (var (name, url) in external)
        {
            console.Write($"  {name,-9} {url}");
        }
        if (DashboardLoginUrl is { } dashboard)
        {
            console.Write($"  {"dashboard",-9} {dashboard}");
        }
        console.Write(string.Empty);
        console.Write("Ready. Press Ctrl+C to stop.");
    }

    private async Task ReportCrashesAsync(ConsoleReporter console, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in ResourceNotifications.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                if (e.Snapshot.State is KnownResourceStates.FailedToStart or KnownResourceStates.Exited && e.Snapshot.ExitCode is not (null or 0))
                {
                    foreach (var line in ResourceLogs.GetLogs(e.ResourceName).TakeLast(8))
                    {
                        console.Write($"    {e.ResourceName}| {line.Text}");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Whether every resource is running and healthy right now.</summary>
    public bool IsHealthy => ResourceNotifications.GetCurrentStates().All(e => e.Snapshot.HealthStatus == HealthStatus.Healthy);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (_orchestrator is not null)
        {
            await _orchestrator.DisposeAsync().ConfigureAwait(false);
        }
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync().ConfigureAwait(false);
        }
        await ResourceLogs.DisposeAsync().ConfigureAwait(false);
        _host.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
