using StackExchange.Redis;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Hosting;

/// <summary>
/// The queue's durability contract, on either queue server the AppHost can run: a write the server answered survives a
/// SIGKILL of the server taken under pipelined load (the moment where an append-only file written after the reply, or
/// a periodic snapshot, loses the newest writes).
/// </summary>
public sealed class QueueDurabilityTests(ITestOutputHelper output)
{
    private const string Key = "durability-probe";

    [Theory]
    [InlineData("redis")]
    [InlineData("garnet")]
    public async Task Every_acknowledged_write_survives_a_SIGKILL_of_the_queue_server_under_load(string server)
    {
        await using var app = await TestApp.StartAsync(output, args: [$"--Hosting:RedisServer={server}"]);
        if (TestApp.ProcessId(Assert.Single(app.Instances("cache")).Snapshot) is not null)
        {
            // a host process (no container runtime here): the one asked for
            var commandLine = string.Join(' ', Processes.CommandLine(TestApp.ServiceProcess(Assert.Single(app.Instances("cache")))));
            Assert.Contains(server == "redis" ? "redis-server" : "garnet", commandLine, StringComparison.OrdinalIgnoreCase);
        }
        var connectionString = (await app.App.GetConnectionStringAsync("cache"))!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));

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
            await app.KillResourceAsync("cache");
            await Task.WhenAll(writers).WaitAsync(cts.Token);
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }

        await app.StartResourceAsync("cache");
        using var reader = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var recovered = await reader.GetDatabase().ListLengthAsync(Key);
        output.WriteLine($"{server}: {acknowledged} acknowledged, {recovered} recovered after SIGKILL");
        Assert.True(recovered >= acknowledged, $"{acknowledged - recovered} acknowledged writes lost ({acknowledged} acknowledged, {recovered} recovered)");
    }
}
