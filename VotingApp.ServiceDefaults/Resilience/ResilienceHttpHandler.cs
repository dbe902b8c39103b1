using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace VotingApp.ServiceDefaults;

/// <summary>
/// The default HttpClient handler (the standard resilience handler's shape without Microsoft.Extensions.Http.Resilience):
/// retries 408, 429, 5xx, connection failures and attempt timeouts with jittered exponential backoff, breaks the circuit
/// on a high failure ratio, and bounds each attempt.
/// </summary>
internal sealed class ResilienceHttpHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    /// <summary>Builds the shared HTTP pipeline from <paramref name="settings"/>.</summary>
    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(ResilienceSettings settings)
    {
        var shouldHandle = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(IsTransient);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = ResiliencePipelineNames.Http };
        if (settings.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = shouldHandle,
                MaxRetryAttempts = settings.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(settings.BaseDelayMilliseconds),
                MaxDelay = TimeSpan.FromMilliseconds(settings.MaxDelayMilliseconds),
                OnRetry = args =>
                {
                    // the failed response is replaced by the next attempt's: release its connection now
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = shouldHandle,
            FailureRatio = settings.FailureRatio,
            MinimumThroughput = Math.Max(2, settings.MinimumThroughput),
            SamplingDuration = TimeSpan.FromSeconds(Math.Max(0.5, settings.SamplingDurationSeconds)),
            BreakDuration = TimeSpan.FromSeconds(Math.Max(0.5, settings.BreakDurationSeconds)),
        });
        builder.AddTimeout(TimeSpan.FromMilliseconds(settings.AttemptTimeoutMilliseconds));
        return builder.Build();
    }

    /// <summary>Responses worth another attempt.</summary>
    public static bool IsTransient(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(
            static async (state, ct) => await state.Handler.SendCoreAsync(state.Request, ct).ConfigureAwait(false),
            (Handler: this, Request: request),
            cancellationToken).ConfigureAwait(false);

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
