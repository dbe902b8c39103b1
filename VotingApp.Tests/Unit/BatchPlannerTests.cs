using StackExchange.Redis;
using VotingApp.Queue;
using VotingApp.Worker;

namespace VotingApp.Tests.Unit;

/// <summary>The worker's ordering rule: per voter the highest timestamp wins, ties go to the later message.</summary>
public sealed class BatchPlannerTests
{
    private static RedisValue Message(string voter, string vote, long? ts) =>
        ts is null
            ? $"{{\"voter_id\":\"{voter}\",\"vote\":\"{vote}\"}}"
            : (RedisValue)VoteMessageCodec.Encode(new VoteMessage(voter, vote, ts.Value));

    [Fact]
    public void Keeps_each_voters_latest_vote_by_timestamp_whatever_the_queue_order()
    {
        var plan = BatchPlanner.Plan([Message("v1", "b", 200), Message("v2", "a", 100), Message("v1", "a", 100)], now: 999);
        Assert.Equal(3, plan.ValidCount);
        Assert.Empty(plan.Rejects);
        var byVoter = plan.LatestPerVoter.ToDictionary(v => v.VoterId);
        Assert.Equal(2, byVoter.Count);
        Assert.Equal("b", byVoter["v1"].Vote);
        Assert.Equal(200, byVoter["v1"].Timestamp);
        Assert.Equal("a", byVoter["v2"].Vote);
    }

    [Fact]
    public void On_equal_timestamps_the_later_message_wins()
    {
        var plan = BatchPlanner.Plan([Message("v1", "a", 100), Message("v1", "b", 100)], now: 999);
        Assert.Equal("b", Assert.Single(plan.LatestPerVoter).Vote);
    }

    [Fact]
    public void Messages_without_a_timestamp_get_the_time_of_processing()
    {
        var plan = BatchPlanner.Plan([Message("orig", "a", null)], now: 12345);
        Assert.Equal(12345, Assert.Single(plan.LatestPerVoter).Timestamp);
    }

    [Fact]
    public void Invalid_messages_are_rejected_with_reasons_and_do_not_stop_the_batch()
    {
        var plan = BatchPlanner.Plan(["garbage", Message("v1", "zzz", 1), Message("v2", "a", 1), RedisValue.EmptyString], now: 5);
        Assert.Equal("v2", Assert.Single(plan.LatestPerVoter).VoterId);
        Assert.Equal(3, plan.Rejects.Count);
        Assert.All(plan.Rejects, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        Assert.Contains(plan.Rejects, r => r.Reason.Contains("unknown option", StringComparison.Ordinal));
    }

    [Fact]
    public void Voters_come_out_sorted_so_concurrent_workers_lock_rows_in_the_same_order()
    {
        var plan = BatchPlanner.Plan([Message("c", "a", 1), Message("a", "a", 1), Message("b", "b", 1)], now: 5);
        Assert.Equal(["a", "b", "c"], plan.LatestPerVoter.Select(v => v.VoterId));
        Assert.Equal(1, plan.OldestTimestamp);
    }

    [Fact]
    public void Reject_reasons_are_capped() =>
        Assert.True(BatchPlanner.Shorten(new string('r', 5000)).Length <= 201);

    [Theory]
    [InlineData(0, 1.0, 50, 100)]
    [InlineData(0, 0.0, 100, 100)]
    [InlineData(3, 0.0, 800, 800)]
    [InlineData(30, 0.0, 5000, 5000)]
    [InlineData(30, 1.0, 2500, 2500)]
    public void Backoff_grows_exponentially_with_jitter_between_min_and_max(int attempt, double jitter, double low, double high)
    {
        var delay = Backoff.Delay(attempt, jitter).TotalMilliseconds;
        Assert.InRange(delay, low, high);
    }

    [Fact]
    public void Idle_polling_doubles_from_1_ms_to_the_maximum()
    {
        var delays = new List<int>();
        var d = 0;
        for (var i = 0; i < 6; i++)
        {
            d = IdlePolling.NextDelayMilliseconds(d, 10);
            delays.Add(d);
        }
        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
    }
}
