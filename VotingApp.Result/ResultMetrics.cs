using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VotingApp.Result;

/// <summary>
/// The result service's instruments (meter <see cref="MeterName"/>) and its push span (source
/// <see cref="ActivitySourceName"/>): <c>votingapp.result.push.duration</c> (notification received → new tally handed
/// to every viewer), <c>votingapp.result.pushes</c>, and <c>votingapp.result.viewers</c> (open event streams).
/// </summary>
internal sealed class ResultMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "VotingApp.Result";

    /// <summary>The activity source of the push span.</summary>
    public const string ActivitySourceName = "VotingApp.Result";

    private static readonly double[] s_pushBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly ActivitySource s_source = new(ActivitySourceName);

    private readonly Histogram<double> _pushDuration;
    private readonly Counter<long> _pushes;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public ResultMetrics(IMeterFactory meterFactory, ResultBroadcaster broadcaster)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(broadcaster);
        var meter = meterFactory.Create(MeterName);
        _pushDuration = meter.CreateHistogram(
            "votingapp.result.push.duration", "s", "Time from a votes_changed notification to the new tally being handed to every viewer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_pushBuckets });
        _pushes = meter.CreateCounter<long>("votingapp.result.pushes", "{push}", "Tally changes pushed to the viewers.");
        meter.CreateObservableGauge("votingapp.result.viewers", () => broadcaster.ViewerCount, "{viewer}",
            "Viewers connected to the live result stream.");
    }

    /// <summary>
    /// Starts the push span (<c>push results</c>): a child of the worker's batch span when the notification carried its
    /// <paramref name="traceParent"/>, else a root span. Null when nobody listens or there is nothing to follow.
    /// </summary>
    public static Activity? StartPush(string? traceParent)
    {
        if (traceParent is null || !s_source.HasListeners() || !ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent))
        {
            return null;
        }
        return s_source.StartActivity("push results", ActivityKind.Consumer, parent);
    }

    /// <summary>Records one refresh that followed a notification received at <paramref name="notifiedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void RecordPush(long notifiedAt, bool changed)
    {
        if (notifiedAt != 0)
        {
            _pushDuration.Record(Stopwatch.GetElapsedTime(notifiedAt).TotalSeconds);
        }
        if (changed)
        {
            _pushes.Add(1);
        }
    }
}
