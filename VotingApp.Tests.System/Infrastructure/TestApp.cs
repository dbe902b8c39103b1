using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using VotingApp.Queue;
using Xunit.Abstractions;

namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// The AppHost's model (<c>VotingApp.AppHost/Program.cs</c>) started through Aspire.Hosting.Testing: real PostgreSQL, a
/// real Redis-protocol server and the three services as processes, on random ports. The queue server is chosen the way
/// the AppHost chooses it, so <c>Hosting__RedisServer=garnet</c> in the environment (or <c>--Hosting:RedisServer=garnet</c>
/// in <c>args</c>) runs the same tests against Garnet.
/// </summary>
public sealed partial class TestApp : IAsyncDisposable
{
    /// <summary>From CreateAsync to every resource healthy; past it the start fails naming what is not healthy.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The environment variable that marks every process of one test application (see <see cref="RunId"/>).</summary>
    public const string RunIdVariable = "VOTINGAPP_TEST_RUN";

    /// <summary>The three services (project resources, each with an <c>http</c> endpoint).</summary>
    public static readonly IReadOnlyList<string> Services = ["vote", "worker", "result"];

    /// <summary>What the tests wait for before they start: every resource the services need, and the services.</summary>
    private static readonly string[] s_resources = ["cache", "postgres", "votesdb", "vote", "worker", "result"];

    /// <summary>
    /// Resources that run to completion before the services start (worker and result <c>WaitForCompletion</c> of
    /// them): ending is their job, ending with a non-zero exit code fails the start.
    /// </summary>
    public static readonly IReadOnlyList<string> OneShots = ["migrations"];

    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopWatching = new();

    private TestApp(DistributedApplication app, TestOutputSink output, string runId, OtlpReceiver telemetry)
    {
        App = app;
        Output = output;
        RunId = runId;
        Telemetry = telemetry;
        Redis = null!;
        Db = null!;
        Queue = null!;
        Vote = null!;
        Result = null!;
    }

    public DistributedApplication App { get; }

    /// <summary>Where the application's logs go (the test attached with <see cref="AttachOutput"/>).</summary>
    public TestOutputSink Output { get; }

    /// <summary>
    /// A value unique to this application, set as <see cref="RunIdVariable"/> in the environment of every resource that
    /// takes one: every process of this application (and its children) can be found in /proc by it, even one that no
    /// longer belongs to any resource.
    /// </summary>
    public string RunId { get; }

    /// <summary>The OTLP collector the three services export their traces, metrics and logs to.</summary>
    public OtlpReceiver Telemetry { get; }

    public ConnectionMultiplexer Redis { get; private set; }

    public VoteQueue Queue { get; private set; }

    public NpgsqlDataSource Db { get; private set; }

    /// <summary>Talks to the vote service without a cookie jar (each request is its own voter unless it sets voter_id).</summary>
    public HttpClient Vote { get; private set; }

    public HttpClient Result { get; private set; }

    /// <summary>Every process id that Aspire reported for any resource while the application ran.</summary>
    public HashSet<int> SeenProcessIds { get; } = [];

    /// <summary>DCP's top processes of this application (started while it started, watching the test host); the rest descend from them.</summary>
    public IReadOnlyList<int> DcpProcessIds { get; private set; } = [];

    public void AttachOutput(ITestOutputHelper output) => Output.Attach(output);

    /// <summary>A client for <paramref name="resource"/>'s <c>http</c> endpoint that keeps no cookies.</summary>
    public HttpClient NewClient(string resource) =>
        new(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = App.GetEndpoint(resource, "http"),
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>
    /// Creates the AppHost's model, lets <paramref name="configure"/> change it (replicas, environment), starts it and
    /// waits until every resource is healthy; fails after <see cref="StartTimeout"/> naming the resources that are not.
    /// The services export their telemetry to <see cref="Telemetry"/>: with no dashboard, Aspire.Hosting.Testing points
    /// them at http://localhost:4317, where nothing answers, and then every stop of a service waits out its exporter's
    /// 10 s flush (longer than DCP waits for a stop under load: the stop command then fails).
    /// </summary>
    public static async Task<TestApp> StartAsync(
        ITestOutputHelper? output = null,
        Action<IDistributedApplicationTestingBuilder>? configure = null,
        params string[] args)
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var sink = new TestOutputSink();
        sink.Attach(output);
        var runId = Guid.NewGuid().ToString("N");
        var dcpBefore = Processes.Dcp().ToHashSet();

        var telemetry = await OtlpReceiver.StartAsync();
        DistributedApplication app;
        try
        {
            app = await BuildAsync(sink, runId, telemetry, configure, args, cts.Token);
        }
        catch
        {
            await telemetry.DisposeAsync();
            throw;
        }
        var testApp = new TestApp(app, sink, runId, telemetry);
        testApp.Watch();
        using var watchFailures = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        // a resource that ends while the application starts fails the start at once, rather than at the timeout
        var failure = testApp.FirstEndedResourceAsync(watchFailures.Token);
        try
        {
            await testApp.UntilStartedAsync(app.StartAsync(cts.Token), failure, "the application start (DistributedApplication.StartAsync)", cts.Token);
            foreach (var name in s_resources)
            {
                await testApp.UntilStartedAsync(testApp.WaitHealthyAsync(name, WaitBehavior.StopOnResourceUnavailable, cts.Token), failure, $"'{name}' to become healthy", cts.Token);
            }
            // the DCP this app started watches the test host; another AppHost's DCP on the machine watches its own
            testApp.DcpProcessIds = [.. Processes.Dcp().Where(pid => !dcpBefore.Contains(pid) && Processes.Monitors(pid, Environment.ProcessId))];
            await testApp.ConnectAsync(cts.Token);
            return testApp;
        }
        catch
        {
            await testApp.DisposeAsync();
            throw;
        }
        finally
        {
            await watchFailures.CancelAsync();
            _ = failure.ContinueWith(t => t.Exception, TaskScheduler.Default); // observed: a failure after the start is not this method's
        }
    }

    private static async Task<DistributedApplication> BuildAsync(
        TestOutputSink sink, string runId, OtlpReceiver telemetry, Action<IDistributedApplicationTestingBuilder>? configure, string[] args, CancellationToken cancellationToken)
    {
        // the builder owns the application it builds (disposing it disposes the application): disposed here only on failure
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.VotingApp_AppHost>(args, cancellationToken);
        try
        {
            return await ConfigureAndBuildAsync(builder, sink, runId, telemetry, configure, cancellationToken);
        }
        catch
        {
            await builder.DisposeAsync();
            throw;
        }
    }

    private static async Task<DistributedApplication> ConfigureAndBuildAsync(
        IDistributedApplicationTestingBuilder builder, TestOutputSink sink, string runId, OtlpReceiver telemetry,
        Action<IDistributedApplicationTestingBuilder>? configure, CancellationToken cancellationToken)
    {
        builder.Services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new TestOutputLoggerProvider(sink));
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddFilter("Microsoft", LogLevel.Warning);
            logging.AddFilter("Aspire", LogLevel.Warning);
            logging.AddFilter("Polly", LogLevel.Warning);
        });
        foreach (var resource in builder.Resources.OfType<IResourceWithEnvironment>().ToList())
        {
            builder.CreateResourceBuilder(resource).WithEnvironment(RunIdVariable, runId);
        }
        // added after the AppHost's own callbacks (Aspire's OTLP settings among them), so these values win
        foreach (var service in builder.Resources.OfType<ProjectResource>().Where(p => Services.Contains(p.Name) || OneShots.Contains(p.Name)).ToList())
        {
            builder.CreateResourceBuilder(service)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", telemetry.Endpoint)
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        }
        configure?.Invoke(builder);
        return await builder.BuildAsync(cancellationToken);
    }

    private async Task UntilStartedAsync(Task step, Task failure, string what, CancellationToken cancellationToken)
    {
        try
        {
            await await Task.WhenAny(step, failure).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The application did not start within {StartTimeout.TotalSeconds:0} s: waited for {what}. Resources now: {DescribeResources()}");
        }
    }

    /// <summary>
    /// Throws, naming the resource, its exit code and its last console lines, once one of the awaited resources has
    /// ended, or a one-shot has ended with anything but exit code 0 (the services that wait for it would never start).
    /// </summary>
    private async Task FirstEndedResourceAsync(CancellationToken cancellationToken)
    {
        await foreach (var e in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            var ended = KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text);
            var failedOneShot = OneShots.Contains(e.Resource.Name)
                && (e.Snapshot.ExitCode is { } code && code != 0 || e.Snapshot.State?.Text == KnownResourceStates.FailedToStart);
            if (ended && (s_resources.Contains(e.Resource.Name) || failedOneShot))
            {
                var lines = Output.ResourceLines.Where(l => l.Resource == e.Resource.Name).Select(l => l.Text).TakeLast(5);
                throw new DistributedApplicationException(
                    $"'{e.Resource.Name}' ended while the application started: {e.Snapshot.State?.Text}, exit code {e.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}. " +
                    $"Its last lines: {string.Join(" | ", lines)}. Resources now: {DescribeResources()}");
            }
        }
    }

    /// <summary>Every instance of <paramref name="name"/> healthy (all replicas), after its ready event has run.</summary>
    public async Task WaitHealthyAsync(string name, WaitBehavior behavior, CancellationToken cancellationToken)
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync(name, behavior, cancellationToken);
        await WaitInstancesAsync(name, instances => instances.All(i => i.Snapshot.HealthStatus == HealthStatus.Healthy), cancellationToken);
    }

    /// <summary>
    /// Watches the instances of <paramref name="name"/> (one per replica) until <paramref name="done"/> holds for all of
    /// them together; the first events replay the current state, so a condition that already holds returns at once.
    /// </summary>
    public async Task WaitInstancesAsync(string name, Func<IReadOnlyCollection<ResourceEvent>, bool> done, CancellationToken cancellationToken)
    {
        var replicas = Replicas(name);
        var instances = new Dictionary<string, ResourceEvent>(StringComparer.Ordinal);
        await foreach (var e in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (e.Resource.Name != name)
            {
                continue;
            }
            instances[e.ResourceId] = e;
            if (instances.Count >= replicas && done(instances.Values))
            {
                return;
            }
        }
    }

    /// <summary>How many instances of <paramref name="name"/> run (its replicas).</summary>
    public int Replicas(string name) => Model(name).Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;

    /// <summary>The model's resource named <paramref name="name"/>.</summary>
    public IResource Model(string name) =>
        App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    /// <summary>The latest state of every instance of <paramref name="name"/> (one per replica).</summary>
    public IReadOnlyList<ResourceEvent> Instances(string name) =>
        [.. _latest.Values.Where(e => e.Resource.Name == name).OrderBy(e => e.ResourceId, StringComparer.Ordinal)];

    /// <summary>Every resource's state and health, for a failure message.</summary>
    public string DescribeResources() =>
        string.Join(", ", _latest.Values.OrderBy(e => e.ResourceId, StringComparer.Ordinal)
            .Select(e => $"{e.ResourceId}={e.Snapshot.State?.Text ?? "?"}/{e.Snapshot.HealthStatus?.ToString() ?? "-"}"));

    private void Watch() => _ = Task.Run(async () =>
    {
        try
        {
            await foreach (var e in App.ResourceNotifications.WatchAsync(_stopWatching.Token))
            {
                _latest[e.ResourceId] = e;
                if (ProcessId(e.Snapshot) is { } pid)
                {
                    lock (SeenProcessIds)
                    {
                        SeenProcessIds.Add(pid);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    });

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        Redis = await ConnectionMultiplexer.ConnectAsync((await App.GetConnectionStringAsync("cache", cancellationToken))!);
        Queue = new VoteQueue(Redis);
        Db = NpgsqlDataSource.Create((await App.GetConnectionStringAsync("votesdb", cancellationToken))!);
        Vote = NewClient("vote");
        Result = NewClient("result");
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
            catch (Exception ex) when (ex is RedisException or TimeoutException or NpgsqlException or HttpRequestException)
            {
                // a server was restarted and this connection is still reconnecting: not known to be quiet yet
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
        string last;
        do
        {
            try
            {
                using var response = await client.GetAsync(path);
                if (response.StatusCode == status)
                {
                    return;
                }
                last = response.StatusCode.ToString();
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"GET {client.BaseAddress}{path.TrimStart('/')} stayed {last}, expected {status}");
    }

    /// <summary>Stops the application (DCP stops every resource and then itself) and closes the test's connections.</summary>
    public async ValueTask DisposeAsync()
    {
        Vote?.Dispose();
        Result?.Dispose();
        if (Db is not null)
        {
            await Db.DisposeAsync();
        }
        if (Redis is not null)
        {
            await Redis.CloseAsync();
            Redis.Dispose();
        }
        await App.DisposeAsync();
        await Telemetry.DisposeAsync();
        await _stopWatching.CancelAsync();
        _stopWatching.Dispose();
        Output.Attach(null);
    }
}
