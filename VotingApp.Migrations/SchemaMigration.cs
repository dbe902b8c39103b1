using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Polly;
using Polly.Retry;
using VotingApp.Queue;

namespace VotingApp.Migrations;

/// <summary>
/// Applies <see cref="VotesDatabase.ApplyAsync"/> to <c>votesdb</c> once, and says how it went as the process's exit
/// code: 0 once the schema is in place, 1 otherwise, after one log line that says why. The services that use the
/// schema start only after a 0 (the AppHost's <c>WaitForCompletion</c>; compose's
/// <c>service_completed_successfully</c>; the chart's init containers), so nothing ever reads a table before it exists.
/// </summary>
/// <remarks>
/// While PostgreSQL does not answer yet (refused connections, time-outs, "the database system is starting up"), it
/// tries again with growing pauses (a Polly retry), for <see cref="WaitSecondsSetting"/> at most: a server that is still starting is
/// waited for, one that is not coming is reported instead of waited for forever. An answer that is an error (a wrong
/// password, a missing database, a failed statement) will not change by waiting and fails the run at once. The
/// migration is idempotent and serialised by an advisory lock, so any number of runs (one per pod in the chart) may
/// overlap.
/// </remarks>
public sealed partial class SchemaMigration(NpgsqlDataSource dataSource, IConfiguration configuration, TimeProvider timeProvider, ILogger<SchemaMigration> logger)
{
    /// <summary>The connection (the AppHost's <c>WithReference(votesdb)</c>).</summary>
    public const string ConnectionName = "votesdb";

    /// <summary>Name of the activity source (and the run's span): one trace per run, with the migration's batch in it.</summary>
    public const string ActivitySourceName = "VotingApp.Migrations";

    /// <summary>Setting: how long to keep trying while PostgreSQL does not answer, in seconds (default <see cref="DefaultWaitSeconds"/>).</summary>
    public const string WaitSecondsSetting = "Migrations:WaitSeconds";

    /// <summary>
    /// Long enough for a PostgreSQL container's first start (initdb, then a restart) and a pod scheduled before its
    /// server; short enough that a server that is not coming is reported within a couple of minutes.
    /// </summary>
    public const int DefaultWaitSeconds = 120;

    private static readonly ActivitySource s_source = new(ActivitySourceName);
    private static readonly TimeSpan s_firstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_longestPause = TimeSpan.FromSeconds(5);

    /// <summary>Runs the migration; returns the process exit code (0: the schema is in place).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue(WaitSecondsSetting, DefaultWaitSeconds), 0, 3600));
        using var activity = s_source.StartActivity("migrate votesdb");
        var started = timeProvider.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        var attempts = 0;
        Exception? lastFailure = null;
        // Polly's retry: every transient failure (DependencyResilience.IsTransient: not reached, timed out, "starting
        // up") again after 250 ms, 500 ms, … up to 5 s between attempts, until the deadline cancels the wait.
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(DependencyResilience.IsTransient),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = s_firstPause,
                MaxDelay = s_longestPause,
                OnRetry = retry =>
                {
                    if (lastFailure is null)
                    {
                        Log.NotAnsweringYet(logger, Describe(retry.Outcome.Exception!), (int)wait.TotalSeconds);
                    }
                    lastFailure = retry.Outcome.Exception;
                    return default;
                },
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                await using var connection = await dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                await VotesDatabase.ApplyAsync(connection, token).ConfigureAwait(false);
            }, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(activity, $"stopped before the schema was applied ({Describe(ex)})");
        }
        catch (Exception ex) when (deadline.IsCancellationRequested)
        {
            return Fail(activity, NotAnswering(wait, attempts, ex is OperationCanceledException ? lastFailure ?? ex : ex));
        }
        catch (Exception ex)
        {
            // an answer that is an error (a wrong password, a missing database, a failed statement): waiting will not help
            return Fail(activity, $"the migration failed: {Describe(ex)}");
        }
        var elapsed = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        activity?.SetTag("votingapp.migration.attempts", attempts);
        Log.SchemaReady(logger, elapsed, attempts);
        return 0;
    }

    private int Fail(Activity? activity, string reason)
    {
        activity?.SetStatus(ActivityStatusCode.Error, reason);
        Log.Failed(logger, reason);
        return 1;
    }

    private static string NotAnswering(TimeSpan wait, int attempts, Exception? last) =>
        string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL did not answer within {wait.TotalSeconds:0} s ({attempts} attempts{(last is null ? string.Empty : "; last: " + Describe(last))})");

    /// <summary>One line, no secret: the connection string is never part of an Npgsql message, the server's text is.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        PostgresException postgres => $"{postgres.SqlState} {postgres.MessageText}",
        { InnerException: { } inner } when inner is not PostgresException => $"{exception.Message} ({inner.Message})",
        _ => exception.Message,
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Database schema ready in {ElapsedMilliseconds} ms ({Attempts} attempts)")]
        public static partial void SchemaReady(ILogger logger, long elapsedMilliseconds, int attempts);

        [LoggerMessage(2, LogLevel.Warning, "PostgreSQL does not answer yet ({Error}); trying again for up to {WaitSeconds} s")]
        public static partial void NotAnsweringYet(ILogger logger, string error, int waitSeconds);

        [LoggerMessage(3, LogLevel.Error, "The database schema was not applied: {Reason}")]
        public static partial void Failed(ILogger logger, string reason);
    }
}
