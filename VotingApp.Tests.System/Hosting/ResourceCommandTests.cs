using VotingApp.Tests.Infrastructure;

namespace VotingApp.Tests.Hosting;

/// <summary>Resource commands return once they have taken effect, so that the next command acts on the new state.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ResourceCommandTests
{
    [Fact]
    public async Task A_kill_returns_once_the_process_is_gone_and_a_start_right_after_runs_a_new_one()
    {
        var home = Directory.CreateTempSubdirectory("votingapp-commands-").FullName;
        try
        {
            var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
            {
                AppHostDirectory = home,
                RandomizePorts = true,
                ReportToConsole = false,
                PersistGeneratedSecrets = false,
            });
            builder.AddRedis("cache");
            await using var app = builder.Build();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await app.StartAsync(cts.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("cache", cts.Token);

            for (var round = 0; round < 5; round++)
            {
                Assert.True(app.ResourceNotifications.TryGetCurrentState("cache", out var running));
                var pid = Assert.Single(running!.Snapshot.ProcessIds);

                await app.ResourceCommands.ExecuteCommandAsync("cache", KnownResourceCommands.Kill, cts.Token);
                // no waiting here: the command itself waited for the exit
                Assert.True(app.ResourceNotifications.TryGetCurrentState("cache", out var killed));
                Assert.Equal(KnownResourceStates.Exited, killed!.Snapshot.State);
                Assert.Empty(killed.Snapshot.ProcessIds);
                Assert.False(Processes.IsAlive(pid), $"pid {pid} is still alive after the kill command returned");

                await app.ResourceCommands.ExecuteCommandAsync("cache", KnownResourceCommands.Start, cts.Token);
                var healthy = await app.ResourceNotifications.WaitForResourceHealthyAsync("cache", cts.Token);
                Assert.NotEqual(pid, Assert.Single(healthy.Snapshot.ProcessIds));
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
