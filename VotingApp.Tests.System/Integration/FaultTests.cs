using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Integration;

/// <summary>Faults injected into a system of its own: a crashed worker, the queue down, the database down.</summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_worker_SIGKILLed_while_votes_flow_loses_none_after_it_is_restarted()
    {
        await using var app = await TestApp.StartAsync(output);
        const int votes = 2000;
        var sent = 0;
        var flow = Parallel.ForAsync(0, votes, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var response = await app.PostVoteAsync(i % 3 == 0 ? "b" : "a", voterId: $"kill-{i}", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Interlocked.Increment(ref sent);
        });

        while (Volatile.Read(ref sent) < votes / 4)
        {
            await Task.Delay(10);
        }
        await app.KillResourceAsync("worker");
        await flow;
        await app.StartResourceAsync("worker");

        var expectedB = Enumerable.Range(0, votes).Count(i => i % 3 == 0);
        var results = await app.WaitForResultsAsync(r => r.Total == votes, TimeSpan.FromSeconds(60));
        Assert.Equal(votes - expectedB, results.A);
        Assert.Equal(expectedB, results.B);
        Assert.Equal(0, await app.Queue.LengthAsync());
    }

    [Fact]
    public async Task With_the_queue_down_health_says_503_and_votes_are_refused_not_lost_then_it_recovers()
    {
        await using var app = await TestApp.StartAsync(output);
        (await app.PostVoteAsync("a", "before-outage")).EnsureSuccessStatusCode();
        await app.WaitForResultsAsync(r => r.A == 1, TimeSpan.FromSeconds(20));

        await app.StopResourceAsync("cache");
        await TestApp.WaitForStatusAsync(app.Vote, "/health", HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await app.Vote.GetAsync("/alive")).StatusCode);

        using (var refused = await app.PostVoteAsync("b", "during-outage"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter is not null, "503 without Retry-After");
        }

        await app.StartResourceAsync("cache");
        await TestApp.WaitForStatusAsync(app.Vote, "/health", HttpStatusCode.OK);
        (await app.PostVoteAsync("b", "after-outage")).EnsureSuccessStatusCode();
        var results = await app.WaitForResultsAsync(r => r.B == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, results.A);
    }

    [Fact]
    public async Task The_queue_server_SIGKILLed_while_voting_gives_503_only_while_it_is_down_and_votes_succeed_as_soon_as_it_answers()
    {
        await using var app = await TestApp.StartAsync(output);
        var (port, password) = RedisEndpoint((await app.App.GetConnectionStringAsync("cache"))!);
        var clock = Stopwatch.StartNew();
        // (request start, answer, status) of every vote, in ms since the clock started
        var answers = new ConcurrentBag<(double Sent, double Answered, HttpStatusCode Status, int Voter)>();
        var next = -1;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var flow = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                var sent = clock.Elapsed.TotalMilliseconds;
                using var response = await app.PostVoteAsync(i % 2 == 0 ? "a" : "b", $"restart-{i}");
                answers.Add((sent, clock.Elapsed.TotalMilliseconds, response.StatusCode, i));
                await Task.Delay(10);
            }
        })));

        while (answers.Count(a => a.Status == HttpStatusCode.OK) < 100)
        {
            Assert.False(flow.IsCompleted, "the vote flow ended early");
            await Task.Delay(10);
        }
        var killed = clock.Elapsed.TotalMilliseconds; // just before the SIGKILL
        await app.KillResourceAsync("cache");
        await Task.Delay(2000);
        await app.StartResourceAsync("cache", untilHealthy: false);
        // the moment the restarted server answers a PING on a connection of its own
        while (!await AnswersPingAsync(port, password))
        {
            Assert.True(clock.Elapsed.TotalMilliseconds - killed < 60_000, "the queue server did not answer within 60 s of its start");
            await Task.Delay(10);
        }
        var up = clock.Elapsed.TotalMilliseconds;
        double firstSuccess;
        while (true)
        {
            if (answers.Where(a => a.Status == HttpStatusCode.OK && a.Sent >= up).Select(a => (double?)a.Answered).Min() is { } first)
            {
                firstSuccess = first;
                break;
            }
            Assert.True(clock.Elapsed.TotalMilliseconds - up < 30_000, "no vote succeeded within 30 s of the server answering again");
            await Task.Delay(10);
        }
        await Task.Delay(1000); // a second of voting after the recovery
        await stop.CancelAsync();
        await flow;

        var all = answers.ToList();
        output.WriteLine($"killed at {killed:0} ms, answering again at {up:0} ms, first vote acknowledged {firstSuccess - up:0} ms later; " +
            $"{all.Count(a => a.Status == HttpStatusCode.ServiceUnavailable)} refused (503), {all.Count(a => a.Status == HttpStatusCode.OK)} acknowledged");
        Assert.All(all, a => Assert.Contains(a.Status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        // 503 only while the server was down: no refusal of a vote sent before the kill or after the first success
        Assert.DoesNotContain(all, a => a.Status == HttpStatusCode.ServiceUnavailable && (a.Answered < killed || a.Sent > firstSuccess));
        Assert.Contains(all, a => a.Status == HttpStatusCode.ServiceUnavailable);
        // Issue #12 asks for the first success within 1 s of the server answering (linear reconnect every 500 ms;
        // the client's default back-off took ~2.9 s). Asserted with room for a loaded CI machine; the figure is printed.
        Assert.True(firstSuccess - up < 2000, $"the first vote after the server answered again took {firstSuccess - up:0} ms");

        // nothing acknowledged is lost (the queue server runs with its durable append-only file)
        var acknowledged = all.Where(a => a.Status == HttpStatusCode.OK).Select(a => $"restart-{a.Voter}").ToHashSet();
        await app.WaitUntilQuietAsync(TimeSpan.FromSeconds(60));
        foreach (var voter in acknowledged)
        {
            Assert.NotNull(await app.StoredVoteAsync(voter));
        }
    }

    [Fact]
    public async Task With_the_database_down_the_worker_keeps_the_votes_and_both_recover_by_themselves()
    {
        await using var app = await TestApp.StartAsync(output);
        (await app.PostVoteAsync("a", "db-before")).EnsureSuccessStatusCode();
        await app.WaitForResultsAsync(r => r.A == 1, TimeSpan.FromSeconds(20));

        await app.StopResourceAsync("postgres");
        await TestApp.WaitForStatusAsync(app.Result, "/health", HttpStatusCode.ServiceUnavailable);
        for (var i = 0; i < 50; i++)
        {
            (await app.PostVoteAsync(i % 2 == 0 ? "a" : "b", $"db-down-{i}")).EnsureSuccessStatusCode();
        }

        await app.StartResourceAsync("postgres");
        var results = await app.WaitForResultsAsync(r => r.Total == 51, TimeSpan.FromSeconds(30));
        Assert.Equal(26, results.A);
        Assert.Equal(25, results.B);
        await TestApp.WaitForStatusAsync(app.Result, "/health", HttpStatusCode.OK);
    }

    private static (int Port, string? Password) RedisEndpoint(string connectionString)
    {
        var parts = connectionString.Split(',');
        var port = int.Parse(parts[0][(parts[0].LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var password = parts.Skip(1).Select(p => p.Split('=', 2)).Where(kv => kv[0].Trim() == "password").Select(kv => kv[1]).FirstOrDefault();
        return (port, password);
    }

    /// <summary>One RESP exchange on a fresh connection: AUTH (when there is a password) and PING, within 200 ms.</summary>
    private static async Task<bool> AnswersPingAsync(int port, string? password)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = client.GetStream();
            var request = new StringBuilder();
            if (password is not null)
            {
                request.Append($"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n");
            }
            request.Append("*1\r\n$4\r\nPING\r\n");
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), timeout.Token);
            var buffer = new byte[256];
            var text = new StringBuilder();
            while (!text.ToString().Contains("PONG", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return false;
                }
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (text.ToString().Contains("-ERR", StringComparison.Ordinal) || text.ToString().Contains("-LOADING", StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
