using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Head sampler that starts at most <c>tracesPerSecond</c> new traces per second (a token bucket holding one second's
/// worth; Jaeger's "rate limiting" sampler). Used as the root of a <see cref="ParentBasedSampler"/>, so a trace that was
/// started is followed everywhere (the vote's request, its queue push, the worker's batch, the result's push): below
/// the rate every vote is traced, above it a sample of whole traces is, and the rest record nothing. A new trace that
/// links to a sampled one (a worker batch of several requests' votes) is always kept, so that no sampled vote's trace
/// loses its batch; it still uses up its share of the rate.
/// </summary>
/// <remarks>
/// Why: at thousands of votes a second, exporting one trace per vote made the Aspire dashboard, which keeps 10,000
/// traces, the busiest process of the machine (docs/benchmarks.md: a third of two cores during the ingestion benchmark,
/// ingestion down to 0.6x of export off), for traces it evicted within seconds. OpenTelemetry .NET's SDK has no rate
/// limiting sampler (AlwaysOn, AlwaysOff, TraceIdRatioBased, ParentBased); the contrib package
/// OpenTelemetry.Extensions has one but is not served by this project's package source, so this is ours.
/// </remarks>
public sealed class RateLimitingSampler : Sampler
{
    private readonly double _tracesPerSecond;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private double _balance;
    private long _lastTimestamp;

    /// <param name="tracesPerSecond">New traces per second, greater than 0 (fractions allowed).</param>
    /// <param name="timeProvider">The clock (tests pass a fake one); <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tracesPerSecond"/> is not greater than 0.</exception>
    public RateLimitingSampler(double tracesPerSecond, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tracesPerSecond);
        _tracesPerSecond = tracesPerSecond;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _balance = Math.Max(1, tracesPerSecond); // a full bucket: the first second's traces are all kept
        _lastTimestamp = _timeProvider.GetTimestamp();
        Description = $"RateLimitingSampler{{{tracesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}";
    }

    /// <inheritdoc />
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var linksSampled = false;
        if (samplingParameters.Links is { } links)
        {
            foreach (var link in links)
            {
                if (link.Context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded))
                {
                    linksSampled = true;
                    break;
                }
            }
        }
        lock (_lock)
        {
            var now = _timeProvider.GetTimestamp();
            var elapsed = _timeProvider.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
            _lastTimestamp = now;
            _balance = Math.Min(Math.Max(1, _tracesPerSecond), _balance + elapsed * _tracesPerSecond);
            if (_balance < 1 && !linksSampled)
            {
                return new SamplingResult(SamplingDecision.Drop);
            }
            _balance = Math.Max(0, _balance - 1);
            return new SamplingResult(SamplingDecision.RecordAndSample);
        }
    }
}
