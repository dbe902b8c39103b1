using StackExchange.Redis;

namespace VotingApp.Tests.Hosting;

/// <summary>
/// <c>WithPersistence()</c> on either queue server: a write that was answered survives a SIGKILL of the server taken
/// under pipelined load, the moment where an append-only file written after the reply loses the newest writes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class QueuePersistenceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Key = "persisted";

    [Theory]
    [InlineData("redis")]
    [InlineData("garnet")]
    public async Task Every_acknowledged_write_survives_a_SIGKILL_of_the_server_under_load(string server)
    {
        var home = Directory.CreateTempSubdirectory("votingapp-aof-").FullName;
        try
        {
            var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
            {
                Args = [$"--Hosting:RedisServer={server}"],
                AppHostDirectory = home,
                RandomizePorts = true,
                ReportToConsole = false,
                PersistGeneratedSecrets = false,
            });
            builder.AddRedis("cache").WithPersistence();
            await using var app = builder.Build();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await app.StartAsync(cts.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("cache", cts.Token);
            var connectionString = (await app.GetConnectionStringAsync("cache", cts.Token))!;

            long acknowledged = 0;
            // 8 connections, each with 16 pushes of 20 values in flight: the server is busy when it dies
            var connections = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
                ConnectionMultiplexer.ConnectAsync(connectionString + ",abortConnect=false,connectRetry=0")));
            try
            {
                var writers = connections.Select((connection, w) => Task.Run(async () =>
                {
                    var db = connection.GetDatabase();
                    var next = 0;
                    while (true)
                    {
                        var pushes = Enumerable.Range(0, 16).Select(_ =>
                        {
                            var values = Enumerable.Range(0, 20).Select(_ => (RedisValue)$"{w}-{next++}").ToArray();
                            return db.ListRightPushAsync(Key, values);
                        }).ToArray();
                        foreach (var push in pushes)
                        {
                            try
                            {
                                await push;
                                Interlocked.Add(ref acknowledged, 20);
                            }
                            catch (Exception ex) when (ex is RedisException or TimeoutException)
                            {
                                // not answered: the server died with this push in flight; this writer is done
                                return;
                            }
                        }
                    }
                })).ToArray();

                while (Interlocked.Read(ref acknowledged) < 50_000)
                {
                    Assert.DoesNotContain(writers, t => t.IsCompleted);
                    await Task.Delay(10, cts.Token);
                }
                await app.ResourceCommands.ExecuteCommandAsync("cache", KnownResourceCommands.Kill, cts.Token);
                await app.ResourceNotifications.WaitForResourceAsync("cache", e => e.Snapshot.State == KnownResourceStates.Exited, cts.Token);
                await Task.WhenAll(writers).WaitAsync(cts.Token);
            }
            finally
            {
                foreach (var connection in connections)
                {
                    connection.Dispose();
                }
            }

            await app.ResourceCommands.ExecuteCommandAsync("cache", KnownResourceCommands.Start, cts.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("cache", cts.Token);
            using var reader = await ConnectionMultiplexer.ConnectAsync(connectionString);
            var recovered = await reader.GetDatabase().ListLengthAsync(Key);
            output.WriteLine($"{server}: {acknowledged} acknowledged, {recovered} recovered after SIGKILL");
            Assert.True(recovered >= acknowledged, $"{acknowledged - recovered} acknowledged writes lost ({acknowledged} acknowledged, {recovered} recovered)");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
