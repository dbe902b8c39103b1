using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;
using VotingApp.Queue;

namespace VotingApp.Tests.Observability;

/// <summary>
/// What is traced under load: the services' sampler starts at most N new traces a second, follows a started trace
/// everywhere, and keeps every span that links to a sampled trace; a batch of unsampled votes makes no trace and no
/// span links to a trace that was never recorded.
/// </summary>
public sealed class SamplingTests
{
    private static readonly ActivitySource s_source = new("VotingApp.Tests.Sampling");

    [Fact]
    public void At_most_the_rate_of_new_traces_is_kept_and_the_budget_refills_with_time()
    {
        var clock = new ManualClock();
        using var recorder = Recorder.Start(new ParentBasedSampler(new RateLimitingSampler(10, clock)));

        Assert.Equal(10, recorder.StartRoots(100)); // a full bucket: one second's worth
        Assert.Equal(0, recorder.StartRoots(10));
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(5, recorder.StartRoots(100));
        clock.Advance(TimeSpan.FromSeconds(30)); // the bucket holds one second's worth, not thirty
        Assert.Equal(10, recorder.StartRoots(100));
    }

    [Fact]
    public void A_started_trace_is_followed_and_a_dropped_one_stays_dropped_whatever_the_budget()
    {
        var clock = new ManualClock();
        using var recorder = Recorder.Start(new ParentBasedSampler(new RateLimitingSampler(1, clock)));
        var sampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var unsampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

        Assert.Equal(1, recorder.StartRoots(5)); // the budget is spent
        for (var i = 0; i < 20; i++)
        {
            using var child = s_source.StartActivity("child of a sampled request", ActivityKind.Consumer, sampled);
            Assert.True(child?.Recorded);
        }
        clock.Advance(TimeSpan.FromSeconds(5));
        using (var child = s_source.StartActivity("child of an unsampled request", ActivityKind.Consumer, unsampled))
        {
            Assert.False(child?.Recorded ?? false);
        }
        Assert.Equal(1, recorder.StartRoots(1)); // the unsampled child did not use the budget
    }

    [Fact]
    public void A_new_trace_that_links_to_a_sampled_vote_is_kept_even_with_the_budget_spent()
    {
        var clock = new ManualClock();
        using var recorder = Recorder.Start(new ParentBasedSampler(new RateLimitingSampler(1, clock)));
        Assert.Equal(1, recorder.StartRoots(5));
        var sampledVote = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var unsampledVote = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

        using (var batch = s_source.StartActivity("process votes", ActivityKind.Consumer, default(ActivityContext), links: [new ActivityLink(unsampledVote), new ActivityLink(sampledVote)]))
        {
            Assert.True(batch?.Recorded);
        }
        using (var batch = s_source.StartActivity("process votes", ActivityKind.Consumer, default(ActivityContext), links: [new ActivityLink(unsampledVote)]))
        {
            Assert.False(batch?.Recorded ?? false);
        }
    }

    [Fact]
    public void A_batch_links_only_to_sampled_votes_and_a_batch_of_unsampled_votes_continues_an_unsampled_trace()
    {
        static VoteMessage Vote(string voter, ActivityTraceFlags flags) => new(voter, "a", 1,
            TraceParent: $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-{(flags == ActivityTraceFlags.Recorded ? "01" : "00")}");

        var unsampled = Enumerable.Range(0, 50).Select(i => Vote($"u{i}", ActivityTraceFlags.None)).ToList();
        var (parent, links) = QueueTelemetry.ContextsOf(unsampled);
        Assert.Null(links);
        Assert.NotEqual(default, parent);
        Assert.False(parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)); // the parent-based sampler records nothing

        var sampled = Vote("s", ActivityTraceFlags.Recorded);
        var mixed = unsampled.Take(10).Append(sampled).Concat(unsampled.Skip(10)).ToList();
        (parent, links) = QueueTelemetry.ContextsOf(mixed);
        Assert.Equal(default, parent);
        var link = Assert.Single(links!);
        Assert.Equal(sampled.TraceParent, $"00-{link.Context.TraceId}-{link.Context.SpanId}-01");

        var oneRequest = Enumerable.Repeat(sampled, 3).ToList();
        (parent, links) = QueueTelemetry.ContextsOf(oneRequest);
        Assert.Null(links);
        Assert.True(parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded));
    }

    /// <summary>A tracer provider with <paramref name="sampler"/> that counts the spans it records.</summary>
    private sealed class Recorder : BaseProcessor<Activity>
    {
        private TracerProvider? _provider;

        public int Recorded { get; private set; }

        public static Recorder Start(Sampler sampler)
        {
            var recorder = new Recorder();
            recorder._provider = Sdk.CreateTracerProviderBuilder()
                .AddSource(s_source.Name)
                .SetSampler(sampler)
                .AddProcessor(recorder)
                .Build();
            return recorder;
        }

        /// <summary>Starts and ends <paramref name="count"/> new traces; returns how many were recorded.</summary>
        public int StartRoots(int count)
        {
            var before = Recorded;
            for (var i = 0; i < count; i++)
            {
                using var root = s_source.StartActivity("POST /", ActivityKind.Server, default(ActivityContext));
            }
            return Recorded - before;
        }

        public override void OnEnd(Activity data)
        {
            if (data.Recorded)
            {
                Recorded++;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                var provider = _provider;
                _provider = null;
                provider?.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
