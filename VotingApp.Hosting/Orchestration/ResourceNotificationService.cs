using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Orchestration;

/// <summary>Publishes resource state changes and lets callers wait for a state (Aspire's <c>ResourceNotificationService</c>).</summary>
public sealed class ResourceNotificationService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ResourceEvent> _current = new(StringComparer.Ordinal);
    private readonly List<Channel<ResourceEvent>> _watchers = [];

    /// <summary>The latest snapshot of <paramref name="resourceName"/>.</summary>
    public bool TryGetCurrentState(string resourceName, out ResourceEvent? resourceEvent)
    {
        lock (_lock)
        {
            return _current.TryGetValue(resourceName, out resourceEvent);
        }
    }

    /// <summary>Every resource's latest snapshot.</summary>
    public IReadOnlyList<ResourceEvent> GetCurrentStates()
    {
        lock (_lock)
        {
            return [.. _current.Values];
        }
    }

    /// <summary>Streams every change from now on (and the current state of each resource first).</summary>
    public async IAsyncEnumerable<ResourceEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ResourceEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            foreach (var current in _current.Values)
            {
                channel.Writer.TryWrite(current);
            }
            _watchers.Add(channel);
        }
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(channel);
            }
        }
    }

    /// <summary>Waits until <paramref name="resourceName"/> is in <paramref name="targetState"/>.</summary>
    public Task<ResourceEvent> WaitForResourceAsync(string resourceName, string targetState, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(resourceName, e => e.Snapshot.State == targetState, cancellationToken);

    /// <summary>Waits until a change of <paramref name="resourceName"/> satisfies <paramref name="predicate"/>.</summary>
    public async Task<ResourceEvent> WaitForResourceAsync(string resourceName, Func<ResourceEvent, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        await foreach (var e in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (e.ResourceName == resourceName && predicate(e))
            {
                return e;
            }
        }
        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>
    /// Waits until <paramref name="resourceName"/> is running and healthy. Throws
    /// <see cref="DistributedApplicationException"/> if it fails to start or exits first (Aspire's default wait behaviour).
    /// </summary>
    public async Task<ResourceEvent> WaitForResourceHealthyAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var e = await WaitForResourceAsync(
            resourceName,
            e => IsHealthy(e.Snapshot) || KnownResourceStates.IsTerminal(e.Snapshot.State),
            cancellationToken).ConfigureAwait(false);
        if (!IsHealthy(e.Snapshot))
        {
            throw new DistributedApplicationException(
                $"Resource '{resourceName}' is {e.Snapshot.State}{(e.Snapshot.Message is { } m ? $": {m}" : string.Empty)}");
        }
        return e;
    }

    internal static bool IsHealthy(ResourceSnapshot snapshot) =>
        snapshot.State == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;

    /// <summary>Applies <paramref name="update"/> to the resource's snapshot and tells every watcher.</summary>
    public ResourceSnapshot PublishUpdate(IResource resource, Func<ResourceSnapshot, ResourceSnapshot> update)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(update);
        lock (_lock)
        {
            var previous = _current.TryGetValue(resource.Name, out var e) ? e.Snapshot : new ResourceSnapshot();
            var next = update(previous);
            if (next == previous && e is not null)
            {
                return next;
            }
            var resourceEvent = new ResourceEvent(resource, next);
            _current[resource.Name] = resourceEvent;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(resourceEvent);
            }
            return next;
        }
    }
}
