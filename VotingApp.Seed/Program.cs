using System.CommandLine;
using Microsoft.Extensions.Configuration;
using VotingApp.Seed;

// Under the AppHost the services are found by name (service discovery reads services__vote__http__0 and the like);
// on its own the tool must be given the URLs.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var voteUrl = new Option<string?>("--vote-url") { Description = "Vote service URL (required unless run as an Aspire resource: then http://vote)", Recursive = true };
var resultUrl = new Option<string?>("--result-url") { Description = "Result service URL (required unless run as an Aspire resource: then http://result)", Recursive = true };

var concurrency = new Option<int>("--concurrency", "-c") { Description = "Requests in flight (keep-alive connections)", DefaultValueFactory = _ => 50 };
var perRound = new Option<int>("--per-round") { Description = "Votes per round (the original: 1000 ×3 rounds a, b, a)", DefaultValueFactory = _ => 1000 };
var seed = new Command("seed", "The original seed: 1,000 × a, 1,000 × b, 1,000 × a at concurrency 50, no cookies (3,000 distinct voters).") { concurrency, perRound };

var benchVotes = new Option<int>("--votes", "-n") { Description = "Votes to send (ignored with --duration)", DefaultValueFactory = _ => 100_000 };
var benchConcurrency = new Option<int>("--concurrency", "-c") { Description = "Keep-alive connections", DefaultValueFactory = _ => 32 };
var duration = new Option<int?>("--duration", "-d") { Description = "Run for this many seconds instead of a fixed count" };
var settle = new Option<int>("--settle") { Description = "Seconds to wait for every acknowledged vote to be stored", DefaultValueFactory = _ => 120 };
var bench = new Command("bench", "Ingestion benchmark: throughput and latency percentiles, then proof that every acknowledged vote was stored.") { benchVotes, benchConcurrency, duration, settle };

var probes = new Option<int>("--probes") { Description = "Probe votes (one at a time)", DefaultValueFactory = _ => 200 };
var background = new Option<int>("--background-rate") { Description = "Background load in votes/s while probing", DefaultValueFactory = _ => 0 };
var latency = new Command("latency", "Vote → live channel latency (POST sent → SSE push shows it), optionally under background load.") { probes, background };

var drainVotes = new Option<int>("--votes", "-n") { Description = "Backlog size", DefaultValueFactory = _ => 1_000_000 };
var redis = new Option<string?>("--redis") { Description = "Redis connection (host:port,password=…; default ConnectionStrings__cache)" };
var workerPid = new Option<int?>("--worker-pid") { Description = "Sample this process's RSS during the drain" };
var drain = new Command("drain", "Worker drain: put N votes on the queue at once and time until all are stored.") { drainVotes, redis, workerPid };

var viewerCount = new Option<int>("--viewers") { Description = "Server-Sent Events connections to hold open", DefaultValueFactory = _ => 1000 };
var viewerVotes = new Option<int>("--votes", "-n") { Description = "Votes to send while they watch", DefaultValueFactory = _ => 500 };
var viewersCommand = new Command("viewers", "Live viewers: N open result streams must all show the final count after a burst of votes.") { viewerCount, viewerVotes };

var root = new RootCommand("VotingApp seed and load tool. Without a command: seed.") { voteUrl, resultUrl, seed, bench, latency, drain, viewersCommand };

VoteClient Client(ParseResult r, int connections) =>
    new(Endpoints.Vote(r.GetValue(voteUrl), configuration), Endpoints.Result(r.GetValue(resultUrl), configuration), connections, configuration);

async Task<int> Guard(Func<Task<int>> action)
{
    try
    {
        return await action();
    }
    catch (UsageException ex)
    {
        // nothing was sent anywhere: there is no default host to fall back to
        Console.Error.WriteLine(ex.Message);
        return 2;
    }
    catch (Exception ex) when (ex is HttpRequestException or ArgumentException or StackExchange.Redis.RedisException)
    {
        Console.Error.WriteLine($"error: {ex.Message}");
        return 1;
    }
}

Task<int> Seed(ParseResult r, CancellationToken ct) => Guard(async () =>
{
    using var client = Client(r, r.GetValue(concurrency));
    return await SeedRun.RunAsync(client, r.GetValue(perRound), r.GetValue(concurrency), ct);
});
seed.SetAction(Seed);
bench.SetAction((r, ct) => Guard(async () =>
{
    using var client = Client(r, r.GetValue(benchConcurrency));
    var seconds = r.GetValue(duration);
    return await BenchRun.RunAsync(client, r.GetValue(benchVotes), r.GetValue(benchConcurrency),
        seconds is { } s ? TimeSpan.FromSeconds(s) : null, TimeSpan.FromSeconds(r.GetValue(settle)), ct);
}));
latency.SetAction((r, ct) => Guard(async () =>
{
    using var client = Client(r, 64);
    return await LatencyProbe.RunAsync(client, r.GetValue(probes), r.GetValue(background), ct);
}));
drain.SetAction((r, ct) => Guard(async () =>
{
    using var client = Client(r, 4);
    return await DrainProbe.RunAsync(client, Endpoints.Redis(r.GetValue(redis), configuration), r.GetValue(drainVotes), r.GetValue(workerPid), ct);
}));

// No command means seed (as the original's seed container does), with any options given.
var commands = new[] { "seed", "bench", "latency", "drain", "viewers", "-h", "--help", "-?", "--version" };
viewersCommand.SetAction((r, ct) => Guard(async () =>
{
    using var client = Client(r, 16);
    return await ViewersProbe.RunAsync(client, r.GetValue(viewerCount), r.GetValue(viewerVotes), ct);
}));

return await root.Parse(args.Any(commands.Contains) ? args : ["seed", .. args]).InvokeAsync();
