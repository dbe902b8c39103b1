using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace VotingApp.Hosting.Dashboard.Telemetry;

/// <summary>
/// What the services sent over OTLP, kept in memory for the dashboard: the newest <see cref="MaxTraces"/> traces and
/// <see cref="MaxLogs"/> log records (the oldest go first), and the latest export of each metric. Thread-safe; log
/// records can be watched as they arrive.
/// </summary>
internal sealed class TelemetryStore(int maxTraces, int maxLogs)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<TelemetrySpan>> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _traceOrder = new();
    private readonly Dictionary<string, LinkedListNode<string>> _traceNodes = new(StringComparer.Ordinal);
    private readonly Queue<TelemetryLog> _logs = new();
    private readonly Dictionary<(string Resource, string Name), TelemetryMetric> _metrics = [];
    private readonly List<Channel<TelemetryLog>> _logWatchers = [];
    private long _nextLogSequence = 1;

    public int MaxTraces { get; } = maxTraces;

    public int MaxLogs { get; } = maxLogs;

    public void AddSpans(IEnumerable<TelemetrySpan> spans)
    {
        lock (_gate)
        {
            foreach (var span in spans)
            {
                if (_traceNodes.TryGetValue(span.TraceId, out var node))
                {
                    _traces[span.TraceId].Add(span);
                    // a trace that grows is recent again
                    _traceOrder.Remove(node);
                    _traceOrder.AddLast(node);
                    continue;
                }
                _traces[span.TraceId] = [span];
                _traceNodes[span.TraceId] = _traceOrder.AddLast(span.TraceId);
                while (_traceOrder.Count > MaxTraces)
                {
                    var oldest = _traceOrder.First!.Value;
                    _traceOrder.RemoveFirst();
                    _traceNodes.Remove(oldest);
                    _traces.Remove(oldest);
                }
            }
        }
    }

    public void AddLogs(IEnumerable<TelemetryLog> logs)
    {
        lock (_gate)
        {
            foreach (var log in logs)
            {
                var stored = log with { Sequence = _nextLogSequence++ };
                _logs.Enqueue(stored);
                while (_logs.Count > MaxLogs)
                {
                    _logs.Dequeue();
                }
                foreach (var watcher in _logWatchers)
                {
                    watcher.Writer.TryWrite(stored);
                }
            }
        }
    }

    public void AddMetrics(IEnumerable<TelemetryMetric> metrics)
    {
        lock (_gate)
        {
            foreach (var metric in metrics)
            {
                _metrics[(metric.Resource, metric.Name)] = metric;
            }
        }
    }

    /// <summary>Up to <paramref name="limit"/> traces that <paramref name="match"/>, newest activity first, each as its spans.</summary>
    public IReadOnlyList<IReadOnlyList<TelemetrySpan>> Traces(int limit, Func<IReadOnlyList<TelemetrySpan>, bool>? match = null)
    {
        lock (_gate)
        {
            var result = new List<IReadOnlyList<TelemetrySpan>>();
            for (var node = _traceOrder.Last; node is not null && result.Count < limit; node = node.Previous)
            {
                var spans = _traces[node.Value];
                if (match is null || match(spans))
                {
                    result.Add([.. spans]);
                }
            }
            return result;
        }
    }

    public IReadOnlyList<TelemetrySpan>? Trace(string traceId)
    {
        lock (_gate)
        {
            return _traces.TryGetValue(traceId, out var spans) ? [.. spans] : null;
        }
    }

    public IReadOnlyList<TelemetryLog> Logs()
    {
        lock (_gate)
        {
            return [.. _logs];
        }
    }

    public IReadOnlyList<TelemetryMetric> Metrics()
    {
        lock (_gate)
        {
            return [.. _metrics.Values.OrderBy(m => m.Resource, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>The kept log records, then each new one as it arrives (subscribed before the first is returned).</summary>
    public async IAsyncEnumerable<TelemetryLog> WatchLogsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<TelemetryLog>(new BoundedChannelOptions(MaxLogs) { FullMode = BoundedChannelFullMode.DropOldest });
        TelemetryLog[] kept;
        lock (_gate)
        {
            kept = [.. _logs];
            _logWatchers.Add(channel);
        }
        try
        {
            foreach (var log in kept)
            {
                yield return log;
            }
            await foreach (var log in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return log;
            }
        }
        finally
        {
            lock (_gate)
            {
                _logWatchers.Remove(channel);
            }
        }
    }
}
