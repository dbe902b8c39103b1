// The VotingApp model: a vote page and a result page in front, a worker behind, a Redis-protocol queue and
// PostgreSQL underneath. Everything else (ports, passwords, processes, health) follows from these lines.
var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure
var cache = builder.AddRedis("cache")
    .WithPersistence()
    .WithNetworkTier(NetworkTiers.Backend);

var postgres = builder.AddPostgres("postgres")
    .WithNetworkTier(NetworkTiers.Backend);
var votesdb = postgres.AddDatabase("votesdb");

// Services
var vote = builder.AddProject<Projects.VotingApp_Vote>("vote")
    .WithHttpEndpoint(port: 8080)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithNetworkTier(NetworkTiers.Frontend)
    .WithReference(cache).WaitFor(cache);

builder.AddProject<Projects.VotingApp_Worker>("worker")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithNetworkTier(NetworkTiers.Backend)
    .WithReference(cache).WaitFor(cache)
    .WithReference(votesdb).WaitFor(votesdb);

var result = builder.AddProject<Projects.VotingApp_Result>("result")
    .WithHttpEndpoint(port: 8081)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithNetworkTier(NetworkTiers.Frontend)
    .WithReference(votesdb).WaitFor(votesdb);

// Tools: the original's seed (3,000 votes) and the benchmarks; starts only when asked
// (dotnet run --project VotingApp.AppHost -- --Hosting:Start=seed).
builder.AddProject<Projects.VotingApp_Seed>("seed")
    .WithNetworkTier(NetworkTiers.Frontend)
    .WithReference(vote).WaitFor(vote)
    .WithReference(result).WaitFor(result)
    .WithExplicitStart();

builder.Build().Run();
