using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;
using VotingApp.ServiceDefaults;

namespace VotingApp.Tests.Observability;

/// <summary>The Polly pipelines: what is retried, how often, and that an open circuit refuses at once.</summary>
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
        var resilience = ResiliencePipelineFactory.Create("test", s_fast, NullLogger.Instance);
        var attempts = 0;

        var result = await resilience.Pipeline.ExecuteAsync(_ =>
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
        var resilience = ResiliencePipelineFactory.Create("test", s_fast, NullLogger.Instance);
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await resilience.Pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new InvalidOperationException("a bug, not an outage");
        }));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task After_enough_failures_the_circuit_opens_and_refuses_without_calling_the_dependency()
    {
        var resilience = ResiliencePipelineFactory.Create("test", s_fast, NullLogger.Instance);
        var attempts = 0;
        for (var i = 0; i < 3 && !resilience.IsCircuitOpen; i++)
        {
            await Assert.ThrowsAnyAsync<Exception>(async () => await resilience.Pipeline.ExecuteAsync<int>(_ =>
            {
                attempts++;
                throw new TimeoutException("no answer");
            }));
        }
        Assert.True(resilience.IsCircuitOpen);
        var before = attempts;

        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await resilience.Pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            return ValueTask.FromResult(1);
        }));

        Assert.Equal(before, attempts);
    }

    [Fact]
    public async Task Every_HttpClient_from_the_factory_retries_5xx_with_settings_from_configuration()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:Http:MaxRetryAttempts"] = "3",
            ["Resilience:Http:BaseDelayMilliseconds"] = "1",
            ["Resilience:Http:MaxDelayMilliseconds"] = "5",
        });
        builder.AddServiceDefaults();
        var stub = new StubHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.BadGateway, HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        builder.Services.AddHttpClient("flaky").ConfigurePrimaryHttpMessageHandler(() => stub);
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("flaky");

        using var response = await client.GetAsync(new Uri("http://flaky.invalid/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, stub.Calls);
    }

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
