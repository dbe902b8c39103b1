using Microsoft.Extensions.Logging;

namespace VotingApp.Worker;

/// <summary>The worker's log lines (source-generated, structured). None of them carries a payload or a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Worker {WorkerId} starting: batch size {BatchSize}, heartbeat TTL {HeartbeatTtlSeconds} s")]
    public static partial void Starting(ILogger logger, string workerId, int batchSize, double heartbeatTtlSeconds);

    [LoggerMessage(2, LogLevel.Information, "Database schema ready in {ElapsedMilliseconds} ms")]
    public static partial void SchemaReady(ILogger logger, long elapsedMilliseconds);

    [LoggerMessage(3, LogLevel.Warning, "Database schema objects are missing ({SqlState}); applying the schema")]
    public static partial void SchemaMissing(ILogger logger, string sqlState);

    [LoggerMessage(4, LogLevel.Information, "Put {Count} in-flight votes of worker {WorkerId} back at the head of the queue")]
    public static partial void RecoveredOwn(ILogger logger, int count, string workerId);

    [LoggerMessage(5, LogLevel.Information, "Recovered {Count} in-flight votes of dead workers to the head of the queue")]
    public static partial void RecoveredDead(ILogger logger, int count);

    [LoggerMessage(6, LogLevel.Warning, "Dead-lettered a message of {Length} bytes: {Reason}")]
    public static partial void DeadLettered(ILogger logger, long length, string reason);

    [LoggerMessage(7, LogLevel.Warning, "{Dependency} is unavailable ({Operation}): {Error}; retrying with backoff until it answers")]
    public static partial void DependencyUnavailable(ILogger logger, string dependency, string operation, string error);

    [LoggerMessage(8, LogLevel.Information, "{Dependency} is available again after {OutageMilliseconds} ms and {FailedAttempts} failed attempts")]
    public static partial void DependencyAvailable(ILogger logger, string dependency, long outageMilliseconds, long failedAttempts);

    [LoggerMessage(9, LogLevel.Debug, "Batch of {Taken} messages: {Valid} valid, {Voters} voters, {Stored} rows changed, {Rejected} dead-lettered, {ElapsedMilliseconds} ms")]
    public static partial void BatchDone(ILogger logger, int taken, int valid, int voters, long stored, int rejected, double elapsedMilliseconds);

    [LoggerMessage(10, LogLevel.Error, "Unexpected error in the processing loop; the in-flight batch will be put back on the queue")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(11, LogLevel.Information, "Worker {WorkerId} stopping: {Unacknowledged} unacknowledged votes, {Stored} rows stored in {Batches} batches since start")]
    public static partial void Stopping(ILogger logger, string workerId, int unacknowledged, long stored, long batches);

    [LoggerMessage(12, LogLevel.Warning, "Could not put the in-flight batch back on the queue while stopping ({Error}); it is recovered when this worker's heartbeat expires")]
    public static partial void PutBackFailed(ILogger logger, string error);

    [LoggerMessage(13, LogLevel.Error, "Unexpected error in the heartbeat loop")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);
}
