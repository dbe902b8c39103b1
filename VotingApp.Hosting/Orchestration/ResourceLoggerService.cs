using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;

namespace VotingApp.Hosting.Orchestration;

/// <summary>One line a resource wrote.</summary>
public sealed record LogLine(DateTimeOffset Timestamp, string Resource, string Text, bool IsError);

/// <summary>
/// Keeps each resource's stdout/stderr: the last lines in memory (for the dashboard and for error reports) and
/// every line in <c>&lt;AppHost&gt;/.votingapp/logs/&lt;resource&gt;.log</c>.
/// </summary>
public sealed class ResourceLoggerService : IAsyncDisposable
{
    private const int MaxLinesInMemory = 5000;
    private readonly ConcurrentDictionary<string, ResourceLog> _logs = new(StringComparer.Ordinal);
    private readonly string? _directory;

    /// <summary>Creates the service; files go to <paramref name="directory"/> when given.</summary>
    public ResourceLoggerService(string? directory)
    {
        _directory = directory;
    }

    /// <summary>Folder of the log files, if any.</summary>
    public string? LogDirectory => _directory;

    /// <summary>Raised for every line (tests forward lines to their output).</summary>
    public event Action<LogLine>? LineWritten;

    /// <summary>Records one line.</summary>
    public void Write(string resource, string text, bool isError)
    {
        var line = new LogLine(DateTimeOffset.Now, resource, text, isError);
        _logs.GetOrAdd(resource, r => new ResourceLog(_directory is null ? null : Path.Combine(_directory, r + ".log"))).Add(line);
        LineWritten?.Invoke(line);
    }

    /// <summary>The lines kept in memory for <paramref name="resource"/>.</summary>
    public IReadOnlyList<LogLine> GetLogs(string resource) =>
        _logs.TryGetValue(resource, out var log) ? log.Snapshot() : [];

    /// <summary>Streams the kept lines and then every new one.</summary>
    public async IAsyncEnumerable<LogLine> WatchAsync(string resource, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var log = _logs.GetOrAdd(resource, r => new ResourceLog(_directory is null ? null : Path.Combine(_directory, r + ".log")));
        var channel = log.Subscribe(out var backlog);
        try
        {
            foreach (var line in backlog)
            {
                yield return line;
            }
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
        finally
        {
            log.Unsubscribe(channel);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var log in _logs.Values)
        {
            log.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private sealed class ResourceLog(string? path) : IDisposable
    {
        private readonly Lock _lock = new();
        private readonly Queue<LogLine> _lines = new();
        private readonly List<Channel<LogLine>> _subscribers = [];
        // created with the first line, so that a run that starts nothing (publish) leaves no empty folder
        private StreamWriter? _file;
        private bool _opened;

        public void Add(LogLine line)
        {
            lock (_lock)
            {
                _lines.Enqueue(line);
                if (_lines.Count > MaxLinesInMemory)
                {
                    _lines.Dequeue();
                }
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryWrite(line);
                }
                if (!_opened && path is not null)
                {
                    _opened = true;
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    _file = new StreamWriter(path, append: false, Encoding.UTF8) { AutoFlush = true };
                }
                _file?.WriteLine($"{line.Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} {(line.IsError ? "ERR" : "OUT")} {line.Text}");
            }
        }

        public IReadOnlyList<LogLine> Snapshot()
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }

        public Channel<LogLine> Subscribe(out IReadOnlyList<LogLine> backlog)
        {
            var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
            lock (_lock)
            {
                backlog = [.. _lines];
                _subscribers.Add(channel);
            }
            return channel;
        }

        public void Unsubscribe(Channel<LogLine> channel)
        {
            lock (_lock)
            {
                _subscribers.Remove(channel);
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _file?.Dispose();
                _file = null;
            }
        }
    }
}
