using System.Net;
using Npgsql;
using StackExchange.Redis;
using VotingApp.Queue;
using Xunit.Abstractions;

namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// The whole VotingApp model started through the testing builder: real PostgreSQL, a real Redis-protocol server
/// (redis-server, or Garnet with <c>Hosting__RedisServer=garnet</c>), and the three services as processes.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private TestApp(DistributedApplication app, ConnectionMultiplexer redis, NpgsqlDataSource db)
    {
        App = app;
        Redis = redis;
        Db = db;
        Queue = new VoteQueue(redis);
        Vote = NewClient("vote");
        Result = NewClient("result");
    }

    public DistributedApplication App { get; }

    public ConnectionMultiplexer Redis { get; }

    public VoteQueue Queue { get; }

    public NpgsqlDataSource Db { get; }

    /// <summary>Talks to the vote service without a cookie jar (each request is its own voter unless it sets voter_id).</summary>
    public HttpClient Vote { get; }

    public HttpClient Result { get; }

    /// <summary>Every process id seen for any resource while the app ran.</summary>
    public HashSet<int> SeenProcessIds { get; } = [];

    public HttpClient NewClient(string resource) =>
        new(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = App.GetEndpoint(resource),
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static async Task<TestApp> StartAsync(
        ITestOutputHelper? output = null,
        Action<TestingBuilderSettings>? configure = null,
        Action<IDistributedApplicationTestingBuilder>? configureBuilder = null)
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var settings = new TestingBuilderSettings();
        configure?.Invoke(settings);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(typeof(Projects.VotingApp_AppHost), [], settings, cts.Token);
        configureBuilder?.Invoke(builder);
        var app = await builder.BuildAsync(cts.Token);
        var seen = new HashSet<int>();
        if (output is not null)
        {
            app.ResourceLogs.LineWritten += line =>
            {
                try
                {
                    output.WriteLine($"{line.Resource}| {line.Text}");
                }
                catch (InvalidOperationException)
                {
                    // the test has finished; its output is closed
                }
            };
        }
        _ = Task.Run(async () =>
        {
            await foreach (var e in app.ResourceNotifications.WatchAsync())
            {
                lock (seen)
                {
                    seen.UnionWith(e.Snapshot.ProcessIds);
                }
            }
        });
        try
        {
            await app.StartAsync(cts.Token);
            foreach (var name in new[] { "cache", "votesdb", "vote", "worker", "result" })
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, cts.Token);
            }
            var redis = await ConnectionMultiplexer.ConnectAsync((await app.GetConnectionStringAsync("cache", cts.Token))!);
            var db = NpgsqlDataSource.Create((await app.GetConnectionStringAsync("votesdb", cts.Token))!);
            var testApp = new TestApp(app, redis, db);
            lock (seen)
            {
                testApp.SeenProcessIds.UnionWith(seen);
            }
            _ = Task.Run(async () =>
            {
                await foreach (var e in app.ResourceNotifications.WatchAsync())
                {
                    lock (testApp.SeenProcessIds)
                    {
                        testApp.SeenProcessIds.UnionWith(e.Snapshot.ProcessIds);
                    }
                }
            });
            return testApp;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>POSTs the form the vote page posts, as <paramref name="voterId"/> (or as a new voter when null).</summary>
    public async Task<HttpResponseMessage> PostVoteAsync(string vote, string? voterId = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("vote", vote)]),
        };
        if (voterId is not null)
        {
            request.Headers.Add("Cookie", $"voter_id={voterId}");
        }
        return await Vote.SendAsync(request, cancellationToken);
    }

    /// <summary>Reads <c>/api/results</c>.</summary>
    public async Task<Results> GetResultsAsync(CancellationToken cancellationToken = default)
    {
        var json = await Result.GetStringAsync("/api/results", cancellationToken);
        return Results.Parse(json);
    }

    /// <summary>Polls <c>/api/results</c> until <paramref name="done"/> holds (or throws with the last value after <paramref name="timeout"/>).</summary>
    public async Task<Results> WaitForResultsAsync(Func<Results, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Results last;
        do
        {
            last = await GetResultsAsync();
            if (done(last))
            {
                return last;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Results did not reach the expected state within {timeout}: last was {last}");
    }

    /// <summary>
    /// Waits until nothing is in flight: the queue and every worker's processing list are empty and the results show
    /// every stored row, twice in a row. Tests that share the system call it so that one test's votes cannot land inside
    /// another's before/after window.
    /// </summary>
    public async Task WaitUntilQuietAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var quietChecks = 0;
        do
        {
            try
            {
                quietChecks = await IsQuietAsync() ? quietChecks + 1 : 0;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // the queue server was restarted and this connection is still reconnecting: not known to be quiet yet
                quietChecks = 0;
            }
            if (quietChecks == 2)
            {
                return;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException("The system did not become quiet (queue and processing lists empty, results equal to the stored rows).");
    }

    private async Task<bool> IsQuietAsync()
    {
        if (await Queue.LengthAsync() > 0)
        {
            return false;
        }
        foreach (var worker in await Redis.GetDatabase().SetMembersAsync(QueueKeys.Workers))
        {
            if (await Queue.ProcessingLengthAsync((string)worker!) > 0)
            {
                return false;
            }
        }
        await using var command = Db.CreateCommand("SELECT count(*) FROM votes");
        var rows = (long)(await command.ExecuteScalarAsync())!;
        return (await GetResultsAsync()).Total == rows;
    }

    /// <summary>The stored vote of one voter, or null.</summary>
    public async Task<string?> StoredVoteAsync(string voterId)
    {
        await using var command = Db.CreateCommand("SELECT vote FROM votes WHERE id = $1");
        command.Parameters.AddWithValue(voterId);
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="status"/> (fails after 30 s).</summary>
    public static async Task WaitForStatusAsync(HttpClient client, string path, HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpStatusCode last;
        do
        {
            using var response = await client.GetAsync(path);
            last = response.StatusCode;
            if (last == status)
            {
                return;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"GET {path} stayed {last}, expected {status}");
    }

    public async ValueTask DisposeAsync()
    {
        Vote.Dispose();
        Result.Dispose();
        await Db.DisposeAsync();
        await Redis.CloseAsync();
        Redis.Dispose();
        await App.DisposeAsync();
    }
}
