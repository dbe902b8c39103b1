using Polly;
using Polly.CircuitBreaker;

namespace VotingApp.ServiceDefaults;

/// <summary>
/// The Polly pipeline of one dependency (retry with jittered exponential backoff → circuit breaker → per-attempt
/// timeout) and a cheap view of its circuit, so a caller can refuse at once while the circuit is open.
/// </summary>
public sealed class DependencyResilience(ResiliencePipeline pipeline, CircuitBreakerStateProvider circuit)
{
    /// <summary>Runs calls with retry, breaker and timeout.</summary>
    public ResiliencePipeline Pipeline { get; } = pipeline;

    /// <summary>True while the breaker refuses calls (open or isolated); a read of one field.</summary>
    public bool IsCircuitOpen => circuit.CircuitState is CircuitState.Open or CircuitState.Isolated;
}
