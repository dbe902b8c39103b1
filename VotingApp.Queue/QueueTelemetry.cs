using System.Diagnostics;
using System.Net;
using StackExchange.Redis;

namespace VotingApp.Queue;

/// <summary>
/// Spans for the queue's Redis commands, named and tagged by the OpenTelemetry database conventions: <c>"{db.operation.name} {key}"</c>, <c>db.system.name=redis</c>,
/// <c>db.operation.name</c>, <c>db.namespace</c>, <c>server.address</c>, <c>server.port</c>, <c>error.type</c> on failure.
/// </summary>
/// <remarks>
/// Producing a vote always gets a span (it links to, or continues, the votes' requests). Every other command gets one
/// only inside an existing trace (a worker batch), so that polling an empty queue and heartbeats make no traces.
/// Nothing is allocated unless a tracer listens to <see cref="ActivitySourceName"/>.
/// These replace the client's per-command tracing, which is off (Clients.ConfigureRedisSettings): that one spans every
/// command, one per vote, and cost 27 % of RPUSH throughput; here a vote batch is one span and a worker batch three.
/// </remarks>
public static class QueueTelemetry
{
    /// <summary>The activity source of the queue's Redis spans.</summary>
    public const string ActivitySourceName = "VotingApp.Queue";

    /// <summary>At most this many links per span (the SDK's default limit).</summary>
    public const int MaxLinks = 128;

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>
    /// The trace contexts carried by <paramref name="messages"/>: the parent to continue when they all come from one
    /// request, else links to each sampled one (at most <see cref="MaxLinks"/>). When they come from several requests
    /// none of which was sampled (the services' sampler keeps a few traces a second under load), the first of them is
    /// returned as the parent, so that the parent-based sampler records nothing: a batch of unsampled votes makes no trace
    /// of its own, and no span carries links to traces that were never recorded.
    /// </summary>
    public static (ActivityContext Parent, List<ActivityLink>? Links) ContextsOf(IReadOnlyList<VoteMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ActivityContext first = default;
        List<ActivityLink>? links = null;
        var several = false;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].TraceParent is not { Length: > 0 } traceParent
                || !ActivityContext.TryParse(traceParent, null, isRemote: true, out var context))
            {
                continue;
            }
            if (first == default)
            {
                first = context;
                continue;
            }
            if (context == first)
            {
                continue;
            }
            several = true;
            if (links is null)
            {
                links = [];
                if (first.TraceFlags.HasFlag(ActivityTraceFlags.Recorded))
                {
                    links.Add(new ActivityLink(first));
                }
            }
            if (links.Count < MaxLinks && context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded))
            {
                links.Add(new ActivityLink(context));
            }
        }
        return !several ? (first, null) : links is { Count: > 0 } ? (default, links) : (first, null);
    }

    /// <summary>
    /// Starts a client span for <paramref name="operation"/> on <paramref name="key"/>, or returns null (no listener, or
    /// <paramref name="requireParent"/> outside a trace). The span is not made current: the caller's context is left as it was.
    /// </summary>
    internal static Activity? StartRedis(
        IConnectionMultiplexer redis,
        string operation,
        string key,
        bool requireParent,
        ActivityKind kind = ActivityKind.Client,
        ActivityContext parent = default,
        IEnumerable<ActivityLink>? links = null,
        DateTimeOffset startTime = default)
    {
        var previous = Activity.Current;
        if (!Source.HasListeners() || (requireParent && previous is null && parent == default))
        {
            return null;
        }
        var activity = Source.StartActivity(operation + " " + key, kind, parent, tags: null, links, startTime);
        Activity.Current = previous;
        if (activity is null)
        {
            return null;
        }
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("db.system.name", "redis");
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("db.namespace", "0");
            activity.SetTag("db.collection.name", key);
            if (ServerOf(redis) is { } server)
            {
                activity.SetTag("server.address", server.Address);
                activity.SetTag("server.port", server.Port);
            }
        }
        return activity;
    }

    /// <summary>Ends <paramref name="activity"/> when <paramref name="task"/> does, marking a failure.</summary>
    internal static async Task<T> TrackAsync<T>(Task<T> task, Activity activity)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            throw;
        }
        finally
        {
            activity.Dispose();
        }
    }

    /// <summary>Ends <paramref name="activity"/> when <paramref name="task"/> does, marking a failure.</summary>
    internal static async Task TrackAsync(Task task, Activity activity)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            throw;
        }
        finally
        {
            activity.Dispose();
        }
    }

    private static void Fail(Activity activity, Exception exception)
    {
        activity.SetTag("error.type", exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
    }

    private static (string Address, int Port)? ServerOf(IConnectionMultiplexer redis)
    {
        var endpoints = redis.GetEndPoints(configuredOnly: true);
        return endpoints.Length == 0 ? null : endpoints[0] switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            var other => (other.ToString() ?? string.Empty, 0),
        };
    }

    /// <summary>A completed span, recorded after the fact (a take that turned out to carry votes).</summary>
    internal static void RecordCompleted(IConnectionMultiplexer redis, string operation, string key, DateTimeOffset started, DateTimeOffset ended, int count)
    {
        using var activity = StartRedis(redis, operation, key, requireParent: true, startTime: started);
        if (activity is null)
        {
            return;
        }
        activity.SetTag("messaging.batch.message_count", count);
        activity.SetEndTime(ended.UtcDateTime);
    }
}
