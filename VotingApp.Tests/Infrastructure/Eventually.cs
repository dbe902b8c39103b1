namespace VotingApp.Tests.Infrastructure;

/// <summary>Waits for a condition the system reaches on its own (a vote stored, a service reconnected).</summary>
public static class Eventually
{
    /// <summary>How long <see cref="WaitUntilAsync"/> waits before it fails the test.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Evaluates <paramref name="condition"/> every 50 ms until it holds; fails the test after <see cref="Timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the condition did not hold within {Timeout.TotalSeconds:0} s");
            await Task.Delay(50);
        }
    }
}
