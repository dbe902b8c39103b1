using VotingApp.Hosting.Orchestration;

namespace VotingApp.Tests.Hosting;

/// <summary>Resource logs are kept per run, and only for the most recent runs.</summary>
public sealed class LogRetentionTests
{
    [Fact]
    public void Only_the_most_recent_runs_logs_are_kept()
    {
        var root = Directory.CreateTempSubdirectory("votingapp-logs-").FullName;
        try
        {
            var runs = Enumerable.Range(0, 25).Select(i => $"20261122-{i:D6}-{1000 + i}").ToList();
            foreach (var run in runs)
            {
                Directory.CreateDirectory(Path.Combine(root, run));
                File.WriteAllText(Path.Combine(root, run, "vote.log"), "line");
            }
            RunDirectoryCleaner.PruneLogs(root, keep: 20);
            Assert.Equal(runs.Skip(5), Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
