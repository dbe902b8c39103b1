using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using VotingApp.Queue;

namespace VotingApp.Tests.Observability;

/// <summary>The Polly pipelines: what is retried, how often, that an open circuit refuses at once, and that they are registered by name.</summary>
public sealed class ResilienceTests
{
    private static readonly ResilienceSettings s_fast = new()
    {
        MaxRetryAttempts = 2,
        BaseDelayMilliseconds = 1,
        MaxDelayMilliseconds = 5,
        AttemptTimeoutMilliseconds = 5000,
        FailureRatio = 0.5,
        MinimumThroughput = 4,
        SamplingDurationSeconds = 30,
        BreakDurationSeconds = 30,
    };

    [Fact]
    public async Task Transient_failures_are_retried_until_an_attempt_succeeds()
    {
        var resilience = Build(s_fast);
        var attempts = 0;

        var result = await resilience.ExecuteAsync(_ =>
        {
            attempts++;
            return attempts < 3
                ? throw new TimeoutException("down")
                : ValueTask.FromResult(42);
        });

        Assert.Equal(42, result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Failures_that_are_not_transient_are_not_retried()
    {
        var resilience = Build(s_fast);
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await resilience.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new InvalidOperationException("a bug, not an outage");
        }));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task After_enough_failures_the_circuit_opens_and_refuses_without_calling_the_dependency()
    {
        var resilience = Build(s_fast);
        var attempts = 0;
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAnyAsync<Exception>(async () => await resilience.ExecuteAsync<int>(_ =>
            {
                attempts++;
                throw new TimeoutException("no answer");
            }));
        }
        var before = attempts;

        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await resilience.ExecuteAsync(_ =>
        {
            attempts++;
            return ValueTask.FromResult(1);
        }));

        Assert.Equal(before, attempts);
    }

    [Fact]
    public async Task The_dependency_pipelines_are_registered_by_name_with_settings_from_configuration()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:PostgreSql:MaxRetryAttempts"] = "4",
            ["Resilience:PostgreSql:BaseDelayMilliseconds"] = "1",
            ["Resilience:PostgreSql:MaxDelayMilliseconds"] = "2",
            ["ConnectionStrings:cache"] = "127.0.0.1:1",
        });
        // registering a client registers no pipeline: each is declared where it is used
        builder.AddVoteQueue("cache");
        builder.Services.AddResiliencePipeline(DependencyResilience.PostgreSql, DependencyResilience.ConfigurePostgreSql);
        using var host = builder.Build();
        var pipeline = host.Services.GetRequiredKeyedService<ResiliencePipeline>(DependencyResilience.PostgreSql);
        var attempts = 0;

        await Assert.ThrowsAsync<TimeoutException>(async () => await pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new TimeoutException("down");
        }));

        Assert.Equal(5, attempts);
        Assert.Null(host.Services.GetKeyedService<ResiliencePipeline>(DependencyResilience.Redis));
    }

    [Fact]
    public async Task Every_HttpClient_from_the_factory_has_the_standard_resilience_handler_and_retries_5xx()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.AddServiceDefaults();
        // the standard handler's options of client "flaky" are named "flaky-standard"; only the delay is shortened here
        builder.Services.Configure<HttpStandardResilienceOptions>("flaky-standard", o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));
        var stub = new StubHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.BadGateway, HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        builder.Services.AddHttpClient("flaky").ConfigurePrimaryHttpMessageHandler(() => stub);
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("flaky");

        using var response = await client.GetAsync(new Uri("http://flaky.invalid/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, stub.Calls);
    }

    private static ResiliencePipeline Build(ResilienceSettings settings) =>
        DependencyResilience.Build(new ResiliencePipelineBuilder(), settings).Build();

    private sealed class StubHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls) - 1;
            return Task.FromResult(new HttpResponseMessage(statuses[Math.Min(call, statuses.Length - 1)]));
        }
    }
}
