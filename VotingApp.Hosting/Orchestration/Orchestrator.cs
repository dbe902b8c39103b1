using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Orchestration;

/// <summary>
/// Runs the model locally with no container engine: allocates ports, starts resources in dependency order
/// (<c>WaitFor</c> = running and healthy), watches health, and stops everything in reverse order.
/// </summary>
internal sealed class Orchestrator : IAsyncDisposable
{
    private static readonly TimeSpan s_healthyInterval = TimeSpan.FromSeconds(5);
    private readonly IReadOnlyList<IResource> _resources;
    private readonly OrchestratorContext _context;
    private readonly bool _randomizePorts;
    private readonly Dictionary<string, ManagedResource> _managed = new(StringComparer.Ordinal);
    private bool _started;
    private bool _stopped;

    public Orchestrator(IReadOnlyList<IResource> resources, OrchestratorContext context, bool randomizePorts)
    {
        _resources = resources;
        _context = context;
        _randomizePorts = randomizePorts;
    }

    private sealed class ManagedResource(IResource resource, ResourceRunner runner)
    {
        public IResource Resource { get; } = resource;

        public ResourceRunner Runner { get; } = runner;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public CancellationTokenSource? RunCancellation { get; set; }

        public bool Stopping { get; set; }

        public bool Active { get; set; }

        /// <summary>Completes once the current run's exit has been observed and published (null before the first start).</summary>
        public Task? Exit { get; set; }
    }

    /// <summary>Prepares and starts every resource that is not explicit-start; returns once each is running or failed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            throw new InvalidOperationException("The application has already been started.");
        }
        _started = true;
        AllocateEndpoints();
        CreateRunners();
        foreach (var managed in _managed.Values)
        {
            _context.Notifications.PublishUpdate(managed.Resource, s => s with { State = KnownResourceStates.NotStarted, Urls = UrlsOf(managed.Resource) });
        }
        // Preflight: every missing program or unusable folder is reported before anything starts.
        await Task.WhenAll(_managed.Values.Select(m => m.Runner.PrepareAsync(cancellationToken))).ConfigureAwait(false);

        // Explicit-start resources start only when asked: a command, or Hosting:Start=name[,name] at launch.
        var requested = (_context.Configuration["Hosting:Start"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in requested.Where(n => !_managed.ContainsKey(n)))
        {
            throw new DistributedApplicationException($"Hosting:Start names '{name}', which is not a resource of this application.");
        }
        var startups = _managed.Values
            .Where(m => !m.Resource.Annotations.OfType<ExplicitStartAnnotation>().Any() || requested.Contains(m.Resource.Name))
            .Select(m => StartResourceCoreAsync(m, cancellationToken))
            .ToList();
        await Task.WhenAll(startups).ConfigureAwait(false);

        var failed = _context.Notifications.GetCurrentStates().FirstOrDefault(e => e.Snapshot.State == KnownResourceStates.FailedToStart);
        if (failed is not null)
        {
            throw new DistributedApplicationException($"'{failed.ResourceName}' failed to start: {failed.Snapshot.Message}");
        }
    }

    private void AllocateEndpoints()
    {
        var taken = new HashSet<int>();
        foreach (var resource in _resources)
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                var configured = _context.Configuration[$"Endpoints:{resource.Name}:{endpoint.Name}:Port"];
                int? port = configured is not null
                    ? int.Parse(configured, CultureInfo.InvariantCulture)
                    : _randomizePorts ? null : endpoint.Port;
                if (port is null or 0)
                {
                    do
                    {
                        port = PortAllocator.GetFreePort();
                    }
                    while (!taken.Add(port.Value));
                }
                else if (!taken.Add(port.Value) || !PortAllocator.IsFree(port.Value))
                {
                    throw new DistributedApplicationException(
                        $"Port {port} for '{resource.Name}' ({endpoint.Name}) is already in use. Stop the program that listens there " +
                        $"(ss -ltnp 'sport = :{port}' shows it) or choose another port: " +
                        $"dotnet run --project VotingApp.AppHost -- --Endpoints:{resource.Name}:{endpoint.Name}:Port=<port>");
                }
                endpoint.AllocatedEndpoint = new AllocatedEndpoint("localhost", port.Value, endpoint.UriScheme);
            }
        }
    }

    private void CreateRunners()
    {
        var postgresRunners = new Dictionary<PostgresServerResource, PostgresRunner>();
        foreach (var resource in _resources.OfType<PostgresServerResource>())
        {
            postgresRunners[resource] = new PostgresRunner(resource, _context);
        }
        foreach (var resource in _resources)
        {
            ResourceRunner? runner = resource switch
            {
                ProjectResource project => new ProjectRunner(project, _context),
                RedisResource redis => new RedisRunner(redis, _context),
                PostgresServerResource server => postgresRunners[server],
                PostgresDatabaseResource database => new PostgresDatabaseRunner(database, postgresRunners[database.Parent], _context),
                ParameterResource => null,
                _ => throw new DistributedApplicationException(
                    $"Resource '{resource.Name}' of type {resource.GetType().Name} cannot run locally."),
            };
            if (runner is not null)
            {
                _managed[resource.Name] = new ManagedResource(resource, runner);
            }
        }
    }

    private static System.Collections.Immutable.ImmutableArray<string> UrlsOf(IResource resource) =>
        [.. resource.Annotations.OfType<EndpointAnnotation>()
            .Where(e => e.AllocatedEndpoint is not null && e.UriScheme is "http" or "https")
            .Select(e => e.AllocatedEndpoint!.UriString)];

    private async Task StartResourceCoreAsync(ManagedResource managed, CancellationToken cancellationToken)
    {
        await managed.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (managed.Active)
            {
                return;
            }
            managed.Active = true;
            managed.Stopping = false;
            var resource = managed.Resource;
            _context.Notifications.PublishUpdate(resource, s => s with { State = KnownResourceStates.Waiting, Message = null, ExitCode = null });

            foreach (var dependency in Dependencies(resource))
            {
                var failure = await WaitForDependencyAsync(dependency.Resource, dependency.WaitType, cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    managed.Active = false;
                    _context.Notifications.PublishUpdate(resource, s => s with
                    {
                        State = KnownResourceStates.FailedToStart,
                        Message = $"dependency '{dependency.Resource.Name}' {failure}",
                    });
                    return;
                }
            }

            _context.Notifications.PublishUpdate(resource, s => s with { State = KnownResourceStates.Starting });
            Task<int> exited;
            try
            {
                exited = await managed.Runner.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                managed.Active = false;
                _context.Logger.LogDebug(ex, "Starting {Resource} failed", resource.Name);
                _context.Notifications.PublishUpdate(resource, s => s with { State = KnownResourceStates.FailedToStart, Message = ex.Message });
                return;
            }

            var run = new CancellationTokenSource();
            managed.RunCancellation = run;
            _context.Notifications.PublishUpdate(resource, s => s with
            {
                State = KnownResourceStates.Running,
                HealthStatus = managed.Runner.HasHealthChecks ? HealthStatus.Unhealthy : HealthStatus.Healthy,
                StartTime = DateTimeOffset.Now,
                StopTime = null,
                ProcessIds = [.. managed.Runner.ProcessIds],
                Runtime = managed.Runner.RuntimeDescription,
                Launch = managed.Runner.Launch,
                Urls = UrlsOf(resource),
            });
            if (managed.Runner.HasHealthChecks)
            {
                _ = HealthLoopAsync(managed, run.Token);
            }
            managed.Exit = WatchExitAsync(managed, exited, run);
        }
        finally
        {
            managed.Gate.Release();
        }
    }

    private IEnumerable<WaitAnnotation> Dependencies(IResource resource)
    {
        // A database waits for its server implicitly; WaitFor(database) therefore also waits for the server.
        if (resource is IResourceWithParent { Parent: var parent })
        {
            yield return new WaitAnnotation(parent, WaitType.WaitUntilHealthy);
        }
        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
        {
            yield return wait;
        }
    }

    /// <summary>Null when the dependency reached the goal, otherwise what went wrong.</summary>
    private async Task<string?> WaitForDependencyAsync(IResource dependency, WaitType waitType, CancellationToken cancellationToken)
    {
        if (dependency is ParameterResource)
        {
            return null;
        }
        var e = await _context.Notifications.WaitForResourceAsync(dependency.Name, e => waitType switch
        {
            WaitType.WaitUntilStarted => e.Snapshot.State == KnownResourceStates.Running || KnownResourceStates.IsTerminal(e.Snapshot.State),
            WaitType.WaitForCompletion => e.Snapshot.State is KnownResourceStates.Finished or KnownResourceStates.Exited or KnownResourceStates.FailedToStart,
            _ => ResourceNotificationService.IsHealthy(e.Snapshot) || KnownResourceStates.IsTerminal(e.Snapshot.State),
        }, cancellationToken).ConfigureAwait(false);
        var snapshot = e.Snapshot;
        return waitType switch
        {
            WaitType.WaitForCompletion when snapshot.State == KnownResourceStates.FailedToStart => $"failed to start: {snapshot.Message}",
            WaitType.WaitForCompletion => null,
            _ when snapshot.State == KnownResourceStates.FailedToStart => $"failed to start: {snapshot.Message}",
            _ when KnownResourceStates.IsTerminal(snapshot.State) => $"is {snapshot.State} (exit code {snapshot.ExitCode})",
            _ => null,
        };
    }

    private async Task HealthLoopAsync(ManagedResource managed, CancellationToken cancellationToken)
    {
        var unhealthyDelay = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            HealthCheckResult result;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                result = await managed.Runner.CheckHealthAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                result = HealthCheckResult.Unhealthy(ex.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            _context.Notifications.PublishUpdate(managed.Resource, s => s.State != KnownResourceStates.Running ? s : s with
            {
                HealthStatus = result.Status,
                Message = result.Status == HealthStatus.Healthy ? null : result.Description,
            });
            TimeSpan delay;
            if (result.Status == HealthStatus.Healthy)
            {
                delay = s_healthyInterval;
                unhealthyDelay = TimeSpan.FromMilliseconds(100);
            }
            else
            {
                // fast while starting (100 ms, 200 ms, …), at most once a second while down
                delay = unhealthyDelay;
                unhealthyDelay = TimeSpan.FromMilliseconds(Math.Min(1000, unhealthyDelay.TotalMilliseconds + 100));
            }
            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WatchExitAsync(ManagedResource managed, Task<int> exited, CancellationTokenSource run)
    {
        var code = await exited.ConfigureAwait(false);
        await run.CancelAsync().ConfigureAwait(false);
        if (managed.Stopping)
        {
            return;
        }
        managed.Active = false;
        _context.Notifications.PublishUpdate(managed.Resource, s => s with
        {
            State = code == 0 ? KnownResourceStates.Finished : KnownResourceStates.Exited,
            ExitCode = code,
            HealthStatus = null,
            StopTime = DateTimeOffset.Now,
            ProcessIds = [],
            Message = code == 0 ? null : $"exited with code {code}",
        });
    }

    /// <summary>Starts one resource (explicit-start, stopped or killed).</summary>
    public Task StartResourceAsync(string name, CancellationToken cancellationToken) =>
        StartResourceCoreAsync(Get(name), cancellationToken);

    /// <summary>Stops one resource gracefully.</summary>
    public async Task StopResourceAsync(string name)
    {
        var managed = Get(name);
        await managed.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync(managed).ConfigureAwait(false);
        }
        finally
        {
            managed.Gate.Release();
        }
    }

    /// <summary>SIGKILLs one resource's processes, as a crash would.</summary>
    public void KillResource(string name) => Get(name).Runner.Kill();

    /// <summary>
    /// SIGKILLs one resource's processes and returns once their exit has been observed and its state published, so that
    /// a start that follows really starts it again (a start while the old process is still being reaped would be a no-op).
    /// </summary>
    public async Task KillResourceAsync(string name, CancellationToken cancellationToken)
    {
        var managed = Get(name);
        var exit = managed.Exit;
        managed.Runner.Kill();
        if (exit is null)
        {
            return;
        }
        try
        {
            await exit.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new DistributedApplicationException($"'{name}' was sent SIGKILL but its processes had not exited 10 s later.");
        }
    }

    private ManagedResource Get(string name) => _managed.TryGetValue(name, out var managed)
        ? managed
        : throw new ArgumentException($"No resource named '{name}' runs in this application.", nameof(name));

    private async Task StopCoreAsync(ManagedResource managed)
    {
        if (!managed.Active)
        {
            return;
        }
        managed.Stopping = true;
        _context.Notifications.PublishUpdate(managed.Resource, s => s with { State = KnownResourceStates.Stopping });
        if (managed.RunCancellation is { } run)
        {
            await run.CancelAsync().ConfigureAwait(false);
        }
        await managed.Runner.StopAsync().ConfigureAwait(false);
        managed.Active = false;
        _context.Notifications.PublishUpdate(managed.Resource, s => s with
        {
            State = KnownResourceStates.Exited,
            HealthStatus = null,
            StopTime = DateTimeOffset.Now,
            ProcessIds = [],
        });
    }

    /// <summary>Stops everything, dependents before what they depend on; each level in parallel.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        var depth = new Dictionary<IResource, int>();
        foreach (var resource in _resources)
        {
            DepthOf(resource, depth, []);
        }
        foreach (var level in _managed.Values.GroupBy(m => depth[m.Resource]).OrderByDescending(g => g.Key))
        {
            await Task.WhenAll(level.Select(async m =>
            {
                try
                {
                    await StopCoreAsync(m).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    _context.Logger.LogWarning(ex, "Stopping {Resource} failed", m.Resource.Name);
                    m.Runner.Kill();
                }
            })).ConfigureAwait(false);
        }
    }

    private int DepthOf(IResource resource, Dictionary<IResource, int> depth, HashSet<IResource> visiting)
    {
        if (depth.TryGetValue(resource, out var known))
        {
            return known;
        }
        if (!visiting.Add(resource))
        {
            throw new DistributedApplicationException($"'{resource.Name}' depends on itself through its references or waits.");
        }
        var dependsOn = resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource)
            .Concat(resource.Annotations.OfType<ResourceRelationshipAnnotation>().Where(r => r.Type == "Reference").Select(r => r.Resource))
            .Concat(resource is IResourceWithParent p ? [p.Parent] : []);
        var d = 0;
        foreach (var dependency in dependsOn.Distinct())
        {
            d = Math.Max(d, DepthOf(dependency, depth, visiting) + 1);
        }
        visiting.Remove(resource);
        depth[resource] = d;
        return d;
    }

    /// <summary>Checks the model for dependency cycles (called at build).</summary>
    public static void ValidateModel(IReadOnlyList<IResource> resources)
    {
        var orchestrator = new Orchestrator(resources, null!, false);
        var depth = new Dictionary<IResource, int>();
        foreach (var resource in resources)
        {
            orchestrator.DepthOf(resource, depth, []);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var managed in _managed.Values)
        {
            managed.Gate.Dispose();
            managed.RunCancellation?.Dispose();
        }
    }
}
