using Aspire.Hosting.ApplicationModel;
using VotingApp.Hosting.LocalServers;

namespace Aspire.Hosting;

/// <summary>
/// Aspire's Redis and PostgreSQL resources, run as host processes under DCP where no container runtime answers.
/// </summary>
/// <remarks>
/// In run mode, <c>Hosting:ServerMode</c> decides (<see cref="ServerMode"/>): with a container runtime that answers
/// (<c>docker info</c>), the resources stay Aspire's containers; otherwise each one is replaced, just before start, by an
/// executable resource of the same name that serves the same endpoint, password and connection string
/// (<see cref="RedisServerProcessResource"/>, <see cref="PostgresServerProcessResource"/> and one
/// <see cref="PostgresDatabaseProcessResource"/> per database). Every <c>WithReference</c> and <c>WaitFor</c> already
/// made on them follows the replacement. Publish mode is never affected.
/// </remarks>
public static class LocalServersBuilderExtensions
{
    /// <summary>
    /// Makes every acknowledged write durable: Redis answers a write only once it is in the append-only file
    /// (<c>appendonly yes</c>, <c>appendfsync always</c>; Garnet: <c>--aof --aof-commit-wait</c>), so a SIGKILL of the
    /// server loses nothing that was acknowledged.
    /// </summary>
    /// <remarks>
    /// Not Aspire's <c>WithPersistence</c>, which takes periodic RDB snapshots (<c>--save 60 1</c>) and loses every write
    /// since the last one. <c>everysec</c> is not enough either: it lost 1,220 acknowledged votes in one of nine kills
    /// under load (docs/architecture.md). Adds a <see cref="DurableAppendOnlyFileAnnotation"/>.
    /// </remarks>
    public static IResourceBuilder<RedisResource> WithDurableAppendOnlyFile(this IResourceBuilder<RedisResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithAnnotation(new DurableAppendOnlyFileAnnotation(), ResourceAnnotationMutationBehavior.Replace);
        // The container: Aspire's run-mode arguments are redis-server's own (see Aspire.Hosting.Redis), so these follow them.
        return builder.WithArgs(context =>
        {
            if (context.ExecutionContext.IsRunMode)
            {
                foreach (var arg in RedisServerProcess.DurableAppendOnlyArgs)
                {
                    context.Args.Add(arg);
                }
            }
        });
    }

    /// <summary>
    /// Runs this Redis resource as a host process when no container runtime answers: <c>redis-server</c> when it is on
    /// <c>PATH</c>, otherwise Garnet from the <c>garnet-server</c> package this integration restores
    /// (<c>Hosting:RedisServer</c> = <c>auto</c> | <c>redis</c> | <c>garnet</c>).
    /// </summary>
    /// <remarks>
    /// The password goes into a 0600 configuration file, never onto a command line (DCP logs arguments in clear text).
    /// A password with a comma is refused at start: StackExchange.Redis connection strings cannot carry one.
    /// Data lives in a fresh folder per run, or in <c>.votingapp/volumes/&lt;name&gt;</c> next to the AppHost with
    /// <c>WithDataVolume</c>, or in the folder of <c>WithDataBindMount</c>.
    /// </remarks>
    public static IResourceBuilder<RedisResource> WithHostProcessFallback(this IResourceBuilder<RedisResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        HostProcessSwap.Register(builder.ApplicationBuilder);
        return builder.WithAnnotation(new HostProcessFallbackAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// Runs this PostgreSQL server and its databases as host processes when no container runtime answers: the host's
    /// <c>initdb</c> and <c>postgres</c> (found on <c>PATH</c>, through <c>pg_config --bindir</c>, in
    /// <c>/usr/lib/postgresql/*/bin</c>, or at <c>Hosting:PostgresBinDirectory</c>). When the AppHost runs as root the
    /// server runs as the unprivileged <c>postgres</c> account (or <c>nobody</c>) through <c>setpriv</c>.
    /// </summary>
    /// <remarks>
    /// The password reaches <c>initdb</c> through a 0600 file that is deleted afterwards. Each database of
    /// <c>AddDatabase</c> is created when the server first becomes healthy, shows the server's state, and is healthy
    /// when a connection to it succeeds. The connection string quotes the password, so any password works
    /// (Aspire's own splices it unquoted: in run mode this integration redirects it, containers included).
    /// </remarks>
    public static IResourceBuilder<PostgresServerResource> WithHostProcessFallback(this IResourceBuilder<PostgresServerResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        HostProcessSwap.Register(builder.ApplicationBuilder);
        if (builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            builder.WithAnnotation(new ConnectionStringRedirectAnnotation(new QuotedPostgresConnectionString(builder.Resource)), ResourceAnnotationMutationBehavior.Replace);
        }
        return builder.WithAnnotation(new HostProcessFallbackAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }
}

/// <summary>Marks a resource that <see cref="HostProcessSwap"/> may replace by a host process.</summary>
internal sealed class HostProcessFallbackAnnotation : IResourceAnnotation;
