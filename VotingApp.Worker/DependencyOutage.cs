using Microsoft.Extensions.Logging;

namespace VotingApp.Worker;

/// <summary>
/// Tracks whether a dependency (Redis, PostgreSQL) is failing, so that an outage is logged once when it starts and
/// once when it ends, however many retries happen in between and from however many loops.
/// </summary>
internal sealed class DependencyOutage(string dependency, ILogger logger, TimeProvider timeProvider)
{
    private int _down;
    private long _since;
    private long _failures;

    /// <summary>The dependency's display name.</summary>
    public string Dependency => dependency;

    /// <summary>True between the first failure and the next success.</summary>
    public bool IsDown => Volatile.Read(ref _down) == 1;

    /// <summary>Records a failed call; logs a warning only if this starts an outage.</summary>
    public void ReportFailure(string operation, Exception exception)
    {
        Interlocked.Increment(ref _failures);
        if (Interlocked.CompareExchange(ref _down, 1, 0) == 0)
        {
            Interlocked.Exchange(ref _since, timeProvider.GetTimestamp());
            Log.DependencyUnavailable(logger, dependency, operation, ErrorText.Describe(exception));
        }
    }

    /// <summary>Records a successful call; logs once if this ends an outage.</summary>
    public void ReportSuccess()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.CompareExchange(ref _down, 0, 1) == 1)
        {
            var failures = Interlocked.Exchange(ref _failures, 0);
            var elapsed = timeProvider.GetElapsedTime(Interlocked.Read(ref _since));
            Log.DependencyAvailable(logger, dependency, (long)elapsed.TotalMilliseconds, failures);
        }
        else
        {
            Interlocked.Exchange(ref _failures, 0);
        }
    }
}
