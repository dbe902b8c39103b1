using VotingApp.Queue;
using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace VotingApp.Result;

/// <summary>
/// Holds this instance's current tally and fans changes out to the live viewers. Every viewer has its own channel of
/// capacity one that keeps only the newest snapshot, so a slow viewer skips states instead of holding anyone up.
/// </summary>
internal sealed class ResultBroadcaster
{
    /// <summary>SSE event type of a tally update.</summary>
    public const string ResultsEvent = "results";

    /// <summary>SSE event type of a keep-alive (no data change).</summary>
    public const string KeepAliveEvent = "keepalive";

    /// <summary>How long a browser waits before reconnecting after the stream breaks.</summary>
    public static readonly TimeSpan ReconnectionInterval = TimeSpan.FromMilliseconds(1000);

    private static readonly BoundedChannelOptions s_viewerChannelOptions = new(1)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    };

    // a null in a viewer's channel is a keep-alive while the tally is still unknown
    private readonly ConcurrentDictionary<Channel<TallySnapshot?>, byte> _viewers = new();
    private readonly OptionLabels _labels;
    private TallySnapshot? _current;
    private volatile bool _stopping;

    /// <summary>
    /// Starts with the tally unknown (<see cref="Current"/> null) until the first read: an instance that has not reached
    /// the database must not present zero votes as a result. When the application stops, every stream
    /// ends at once so that browsers reconnect (to another instance, or to this one after its restart) instead of
    /// holding the shutdown up.
    /// </summary>
    public ResultBroadcaster(OptionLabels labels, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        _labels = labels;
        lifetime.ApplicationStopping.Register(EndAllStreams);
    }

    /// <summary>The latest tally, or null while this instance has not read it once.</summary>
    public TallySnapshot? Current => Volatile.Read(ref _current);

    /// <summary>Viewers connected to the stream right now.</summary>
    public int ViewerCount => _viewers.Count;

    /// <summary>
    /// Makes (<paramref name="a"/>, <paramref name="b"/>) the current tally and pushes it to every viewer, unless the
    /// counts did not change. Called by one reader at a time. Returns whether the counts changed (the first read always
    /// does: the tally was unknown before it).
    /// </summary>
    public bool Publish(long a, long b)
    {
        var current = Current;
        if (current is not null && current.A == a && current.B == b)
        {
            return false;
        }
        var next = TallySnapshot.Create(_labels, a, b);
        Volatile.Write(ref _current, next);
        Push(next);
        return true;
    }

    /// <summary>Re-sends the current tally to every viewer; viewers already up to date emit a keep-alive instead.</summary>
    public void KeepAlive() => Push(Current);

    /// <summary>
    /// The event stream of one viewer: the current tally at once (with the reconnection hint), then one
    /// <see cref="ResultsEvent"/> per change and a <see cref="KeepAliveEvent"/> when nothing changed between ticks.
    /// While the tally is unknown the stream opens with a <see cref="KeepAliveEvent"/> and sends only keep-alives until
    /// the first read, which it then sends as its first <see cref="ResultsEvent"/>.
    /// The viewer is removed when the enumeration ends: on disconnect, or when the application stops.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> StreamAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<TallySnapshot?>(s_viewerChannelOptions);
        _viewers.TryAdd(channel, 0);
        if (_stopping)
        {
            channel.Writer.TryComplete();
        }
        try
        {
            // subscribed before reading: a change published from now on reaches the channel
            var sent = Current;
            yield return sent is null
                ? new SseItem<string>(string.Empty, KeepAliveEvent) { ReconnectionInterval = ReconnectionInterval }
                : new SseItem<string>(sent.Json, ResultsEvent) { ReconnectionInterval = ReconnectionInterval };
            var reader = channel.Reader;
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                if (!reader.TryRead(out var latest))
                {
                    continue;
                }
                if (latest is null || (sent is not null && latest.SameCounts(sent)))
                {
                    yield return new SseItem<string>(string.Empty, KeepAliveEvent);
                }
                else
                {
                    sent = latest;
                    yield return new SseItem<string>(sent.Json, ResultsEvent);
                }
            }
        }
        finally
        {
            _viewers.TryRemove(channel, out _);
        }
    }

    private void EndAllStreams()
    {
        _stopping = true;
        foreach (var viewer in _viewers.Keys)
        {
            viewer.Writer.TryComplete();
        }
    }

    private void Push(TallySnapshot? snapshot)
    {
        foreach (var viewer in _viewers.Keys)
        {
            viewer.Writer.TryWrite(snapshot);
        }
    }
}
