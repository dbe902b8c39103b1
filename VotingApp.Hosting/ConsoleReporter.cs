using Microsoft.Extensions.Diagnostics.HealthChecks;
using VotingApp.Hosting.ApplicationModel;
using VotingApp.Hosting.Orchestration;

namespace VotingApp.Hosting;

/// <summary>Run mode's console: one line per resource state change, then the URLs once everything is healthy.</summary>
internal sealed class ConsoleReporter(ResourceNotificationService notifications, TextWriter output)
{
    private readonly Dictionary<string, (string State, HealthStatus? Health)> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _starting = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                Report(e);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private void Report(ResourceEvent e)
    {
        var snapshot = e.Snapshot;
        lock (_lock)
        {
            var current = (snapshot.State, snapshot.HealthStatus);
            if (_last.TryGetValue(e.ResourceName, out var last) && last == current)
            {
                return;
            }
            _last[e.ResourceName] = current;
            if (snapshot.State == KnownResourceStates.Starting)
            {
                _starting[e.ResourceName] = DateTimeOffset.Now;
            }
        }
        var state = snapshot.State == KnownResourceStates.Running && snapshot.HealthStatus is { } health
            ? health == HealthStatus.Healthy ? "Running (healthy)" : "Running (not healthy yet)"
            : snapshot.State;
        var detail = snapshot.State switch
        {
            KnownResourceStates.FailedToStart or KnownResourceStates.Exited when snapshot.Message is { } m => $" — {m}",
            KnownResourceStates.Running when snapshot.Runtime is { } r && snapshot.HealthStatus != HealthStatus.Healthy => $" [{r}]",
            KnownResourceStates.Running when snapshot.HealthStatus == HealthStatus.Healthy && StartedAt(e.ResourceName) is { } started =>
                $" in {(DateTimeOffset.Now - started).TotalSeconds:0.00} s",
            _ => string.Empty,
        };
        Write($"{DateTime.Now:HH:mm:ss} {e.ResourceName,-10} {state}{detail}");
    }

    private DateTimeOffset? StartedAt(string resource)
    {
        lock (_lock)
        {
            return _starting.Remove(resource, out var started) ? started : null;
        }
    }

    public void Write(string line)
    {
        lock (_lock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
