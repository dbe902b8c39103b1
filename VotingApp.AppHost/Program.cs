// The VotingApp model: a vote page and a result page in front, a worker behind, a Redis-protocol queue and
// PostgreSQL underneath. Everything else (ports, passwords, processes, health) follows from these lines.
var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: Aspire's Redis and PostgreSQL. Where no container runtime answers, the same resources run as host
// processes (redis-server or Garnet; the PostgreSQL server binaries): VotingApp.Hosting.LocalServers, Hosting:ServerMode.
var cache = builder.AddRedis("cache")
    .WithNetworkTier(NetworkTiers.Backend)
    .WithDurableAppendOnlyFile()
    .WithHostProcessFallback();

var postgres = builder.AddPostgres("postgres")
    .WithNetworkTier(NetworkTiers.Backend)
    .WithHostProcessFallback();
var votesdb = postgres.AddDatabase("votesdb");

// Schema: applied once, before anything reads or writes it. Worker and result start only after it has exited with 0
// (WaitForCompletion), so a fresh start never queries a table that is not there yet; published, it is compose's
// one-shot service and the chart's init containers.
var migrations = builder.AddProject<Projects.VotingApp_Migrations>("migrations")
    .WithNetworkTier(NetworkTiers.Backend)
    .WithReference(votesdb).WaitFor(votesdb);

// Services
var vote = builder.AddProject<Projects.VotingApp_Vote>("vote")
    .WithNetworkTier(NetworkTiers.Frontend)
    .WithDirectHttpEndpoint(port: 8080)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(cache).WaitFor(cache);

builder.AddProject<Projects.VotingApp_Worker>("worker")
    .WithNetworkTier(NetworkTiers.Backend)
    .WithHttpEndpoint(name: "http")
    .WithHttpHealthCheck("/health")
    .WithReference(cache).WaitFor(cache)
    .WithReference(votesdb).WaitFor(votesdb)
    .WaitForCompletion(migrations);

var result = builder.AddProject<Projects.VotingApp_Result>("result")
    .WithNetworkTier(NetworkTiers.Frontend)
    .WithDirectHttpEndpoint(port: 8081)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(votesdb).WaitFor(votesdb)
    .WaitForCompletion(migrations);

// Tools: the original's seed (3,000 votes) and the benchmarks; starts only when asked (its start button, or vote's
// "Seed 3,000 votes" command in the dashboard).
var seed = builder.AddProject<Projects.VotingApp_Seed>("seed")
    .WithNetworkTier(NetworkTiers.Frontend)
    .WithReference(vote).WaitFor(vote)
    .WithReference(result).WaitFor(result)
    .WithExplicitStart();
vote.WithSeedCommand(seed);

// Deployment: `aspire publish` writes a docker compose file and a Helm chart of this model (deploy/compose,
// deploy/kubernetes; VotingApp.Hosting.Publishing). Publish-only: run mode does not see them.
builder.AddComposeDeployment("compose");
builder.AddHelmChart("kubernetes");

// Measurements: --Telemetry:Export=false runs the services without OTLP export (docs/benchmarks.md, "export off").
builder.WithTelemetryExportSetting();

builder.Build().Run();
