using System.Collections.Immutable;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace VotingApp.Hosting.LocalServers;

/// <summary>The host-process replacements of one AppHost: builds them, swaps them into the model, checks their health.</summary>
internal sealed class ServerProcesses(IDistributedApplicationBuilder builder, string reason)
{
    private readonly Dictionary<string, IResource> _replacements = new(StringComparer.Ordinal);
    private readonly DataFolders _folders = new(builder);

    /// <summary>
    /// Makes a container's endpoint a host process's: not proxied (a restarted server serves the same port and nothing sits
    /// between client and server), on the port the model fixed, or on a free one DCP picks (the container's target port,
    /// 6379 or 5432, would collide with a server the machine already runs).
    /// </summary>
    public static EndpointAnnotation ServeDirectly(EndpointAnnotation endpoint)
    {
        var fixedPort = endpoint.IsProxied ? endpoint.Port : endpoint.TargetPort; // read before IsProxied changes what Port returns
        endpoint.IsProxied = false;
        endpoint.Port = fixedPort;
        endpoint.TargetPort = fixedPort;
        return endpoint;
    }

    /// <summary>The health check key of the replacement for the resource named <paramref name="name"/>.</summary>
    public static string HealthCheckKey(string name) => $"{name}_process_check";

    /// <summary>One registration per server and database that may be replaced; each resolves its target when it runs.</summary>
    public IEnumerable<HealthCheckRegistration> HealthChecks()
    {
        // Read whenever the health check options are first built: before the swap (the originals carry the marker) or
        // after it (the model holds the replacements).
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var resource in builder.Resources)
        {
            switch (resource)
            {
                case RedisServerProcessResource or PostgresServerProcessResource or PostgresDatabaseProcessResource:
                    names.Add(resource.Name);
                    break;
                case PostgresServerResource server when server.HasAnnotationOfType<HostProcessFallbackAnnotation>():
                    names.Add(server.Name);
                    names.UnionWith(builder.Resources.OfType<PostgresDatabaseResource>().Where(d => d.Parent == server).Select(d => d.Name));
                    break;
                case RedisResource redis when redis.HasAnnotationOfType<HostProcessFallbackAnnotation>():
                    names.Add(redis.Name);
                    break;
            }
        }
        return names.Select(Registration);

        HealthCheckRegistration Registration(string name) => new(
            HealthCheckKey(name),
            _ => new DelegateHealthCheck(ct => CheckAsync(name, ct)),
            failureStatus: null,
            tags: null,
            timeout: TimeSpan.FromSeconds(5));
    }

    private Task<HealthCheckResult> CheckAsync(string name, CancellationToken cancellationToken)
    {
        IResource? resource;
        lock (_replacements)
        {
            _replacements.TryGetValue(name, out resource);
        }
        return resource switch
        {
            RedisServerProcessResource redis => RedisServerProcess.CheckHealthAsync(redis, cancellationToken),
            PostgresServerProcessResource server => PostgresServerProcess.CheckHealthAsync(server, "postgres", cancellationToken),
            PostgresDatabaseProcessResource database => PostgresServerProcess.CheckHealthAsync(database.Parent, database.DatabaseName, cancellationToken),
            _ => Task.FromResult(HealthCheckResult.Unhealthy($"'{name}' has not started")),
        };
    }

    /// <summary>Swaps every marked resource of <paramref name="model"/> for its host process (in <see cref="BeforeStartEvent"/>).</summary>
    public async Task ReplaceAsync(BeforeStartEvent e, CancellationToken cancellationToken)
    {
        var model = e.Model;
        try
        {
            foreach (var redis in model.Resources.OfType<RedisResource>().Where(r => r.HasAnnotationOfType<HostProcessFallbackAnnotation>()).ToList())
            {
                await RedisServerProcess.CheckPasswordAsync(builder, redis, cancellationToken).ConfigureAwait(false);
                var replacement = RedisServerProcess.Create(builder, redis, _folders);
                Swap(model, redis, replacement);
            }
            foreach (var server in model.Resources.OfType<PostgresServerResource>().Where(r => r.HasAnnotationOfType<HostProcessFallbackAnnotation>()).ToList())
            {
                var replacement = PostgresServerProcess.Create(builder, server, _folders);
                Swap(model, server, replacement);
                foreach (var database in model.Resources.OfType<PostgresDatabaseResource>().Where(d => d.Parent == server).ToList())
                {
                    var child = new PostgresDatabaseProcessResource(database, replacement);
                    builder.CreateResourceBuilder(child)
                        .WithIconName("Database")
                        .WithHealthCheck(HealthCheckKey(database.Name))
                        .WithInitialState(new CustomResourceSnapshot
                        {
                            ResourceType = "PostgresDatabaseResource",
                            State = KnownResourceStates.NotStarted,
                            Properties = [new(CustomResourceKnownProperties.Source, replacement.Name)],
                        });
                    Swap(model, database, child);
                }
                PostgresServerProcess.CreateDatabasesWhenReady(e.Services, replacement, [.. model.Resources.OfType<PostgresDatabaseProcessResource>().Where(d => d.Parent == replacement)]);
            }
        }
        catch (DistributedApplicationException ex)
        {
            throw StartFailure.Report(builder, ex.Message);
        }
        var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
        var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger<ServerProcesses>();
        lock (_replacements)
        {
            // one line in the console, so a developer knows which of the two ways the servers run (README: Hosting:ServerMode)
            logger.LogInformation("{Resources} run as host processes ({Reason}; Hosting:ServerMode).",
                string.Join(", ", _replacements.Values.Where(r => r is not PostgresDatabaseProcessResource).Select(r => r.Name)), reason);
        }
        foreach (var database in model.Resources.OfType<PostgresDatabaseProcessResource>())
        {
            _ = MirrorParentStateAsync(notifications, database, logger, e.Services.GetRequiredService<DistributedApplicationExecutionContext>());
        }
    }

    private void Swap(DistributedApplicationModel model, IResource original, IResource replacement)
    {
        // The endpoints move: the original's EndpointReferences (its connection string, its connection properties) look
        // the annotation up on the original and read what DCP allocates for the process.
        foreach (var endpoint in original.Annotations.OfType<EndpointAnnotation>().ToList())
        {
            replacement.Annotations.Add(endpoint);
        }
        foreach (var resource in model.Resources)
        {
            Retarget(resource.Annotations);
        }
        Retarget(replacement.Annotations);
        model.Resources.Remove(original);
        model.Resources.Add(replacement);
        lock (_replacements)
        {
            _replacements[replacement.Name] = replacement;
        }

        void Retarget(ResourceAnnotationCollection annotations)
        {
            for (var i = 0; i < annotations.Count; i++)
            {
                annotations[i] = annotations[i] switch
                {
                    WaitAnnotation wait when wait.Resource == original => new WaitAnnotation(replacement, wait.WaitType, wait.ExitCode) { WaitBehavior = wait.WaitBehavior },
                    ResourceRelationshipAnnotation relation when relation.Resource == original => new ResourceRelationshipAnnotation(replacement, relation.Type),
                    var other => other,
                };
            }
        }
    }

    /// <summary>
    /// Publishes the server's state, start and stop times on the database, for as long as the app runs: Aspire does this
    /// for children of containers only, and <c>WaitFor(database)</c> needs a database that reaches Running.
    /// </summary>
    private static async Task MirrorParentStateAsync(ResourceNotificationService notifications, PostgresDatabaseProcessResource database, ILogger logger, DistributedApplicationExecutionContext executionContext)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(executionContext.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping).ConfigureAwait(false))
            {
                if (update.Resource != database.Parent)
                {
                    continue;
                }
                var parent = update.Snapshot;
                await notifications.PublishUpdateAsync(database, s => s with
                {
                    State = parent.State,
                    StartTimeStamp = parent.StartTimeStamp,
                    StopTimeStamp = parent.StopTimeStamp,
                    Properties = s.Properties.SetResourceProperty(CustomResourceKnownProperties.Source, database.Parent.Name),
                }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the app is stopping
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Stopped publishing the state of '{Database}' from '{Server}'.", database.Name, database.Parent.Name);
        }
    }
}

/// <summary>A health check from a delegate (the target is only known once the model has been swapped).</summary>
internal sealed class DelegateHealthCheck(Func<CancellationToken, Task<HealthCheckResult>> check) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => check(cancellationToken);
}

internal static class ResourcePropertyExtensions
{
    public static ImmutableArray<ResourcePropertySnapshot> SetResourceProperty(this ImmutableArray<ResourcePropertySnapshot> properties, string name, object value) =>
        [.. properties.Where(p => p.Name != name), new ResourcePropertySnapshot(name, value)];
}
