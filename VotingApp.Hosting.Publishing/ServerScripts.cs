namespace VotingApp.Hosting.Publishing;

/// <summary>
/// Scheduled backups of a published PostgreSQL server (chart only): a CronJob runs <c>pg_dump</c> (custom format) with
/// the server's own image into a volume of its own and keeps the newest <c>keep</c> dumps; restore is <c>pg_restore</c>
/// (docs/deploy.md). Off in the default and dev values, on in production. The backup pod reaches only the server.
/// </summary>
internal static class PostgresBackup
{
    /// <summary>The resources of the backup container (a tool: the environments do not scale it).</summary>
    public static readonly ComputeResourcesAnnotation Compute = new("100m", "500m", "128Mi", "256Mi");

    public static string Name(DeployedService server) => $"{server.Name}-backup";

    /// <summary>
    /// The backup: a dump written beside its final name and renamed when complete (a failed run leaves no
    /// truncated dump among the kept ones), then all but the newest <c>$KEEP</c> removed. The connection comes from
    /// the standard <c>PG*</c> variables (the password whole in <c>PGPASSWORD</c>, so any password works).
    /// </summary>
    public const string Script =
        "set -eu; " +
        "dump=\"/backup/$PGDATABASE-$(date -u +%Y%m%dT%H%M%SZ).dump\"; " +
        "pg_dump --format=custom --no-owner --file=\"$dump.partial\"; mv \"$dump.partial\" \"$dump\"; " +
        "ls -1 /backup/\"$PGDATABASE\"-*.dump | sort -r | tail -n +$((KEEP + 1)) | xargs -r rm -f --; " +
        "echo \"backup: $dump ($(wc -c < \"$dump\") bytes), $(ls -1 /backup/\"$PGDATABASE\"-*.dump | wc -l) kept\"";

    /// <summary>The documented restore into an empty database of the same name.</summary>
    public const string RestoreCommand = "pg_restore --no-owner --exit-on-error --dbname=\"$PGDATABASE\"";
}

/// <summary>The Redis server's start: the password goes from the environment into a config file, never onto a command line.</summary>
internal static class RedisStart
{
    /// <summary>
    /// A <c>sh -c</c> script (the official images have sh and sed): writes <c>requirepass "…"</c> (with <c>\</c> and
    /// <c>"</c> escaped, as Redis's config parser reads them) to a file on the <c>/tmp</c> tmpfs, readable by the
    /// server's user only, then execs the server on it. <c>redis-cli</c> reads the same <c>REDISCLI_AUTH</c>.
    /// </summary>
    public static string Script(DeployedService service)
    {
        var durability = service.DurableAppendOnlyFile ? " --appendonly yes --appendfsync always" : string.Empty;
        var password = service.PasswordParameter is null ? string.Empty
            : "printf 'requirepass \"%s\"\\n' \"$(printf '%s' \"$REDISCLI_AUTH\" | sed 's/[\\\\\"]/\\\\&/g')\" > /tmp/redis.conf && ";
        var config = service.PasswordParameter is null ? string.Empty : " /tmp/redis.conf";
        return $"umask 077 && {password}exec redis-server{config}{durability} --dir /data";
    }
}
