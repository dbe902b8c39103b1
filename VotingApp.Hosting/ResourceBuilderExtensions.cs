using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting;

/// <summary>Wiring between resources, with Aspire's names and semantics.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>
    /// Injects <c>ConnectionStrings__&lt;name&gt;</c> and the connection properties (<c>&lt;NAME&gt;_HOST</c>, …) of
    /// <paramref name="source"/>, and records the reference (publishers derive networks and policies from it).
    /// </summary>
    public static IResourceBuilder<TDestination> WithReference<TDestination>(
        this IResourceBuilder<TDestination> builder, IResourceBuilder<IResourceWithConnectionString> source, string? connectionName = null)
        where TDestination : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        var resource = source.Resource;
        var name = connectionName ?? resource.Name;
        var prefix = EnvironmentName(name);
        builder.WithAnnotation(new ResourceRelationshipAnnotation(resource, "Reference"));
        return builder.WithEnvironment(context =>
        {
            context.EnvironmentVariables[$"ConnectionStrings__{name}"] = resource.ConnectionStringExpression;
            foreach (var (property, value) in resource.GetConnectionProperties())
            {
                context.EnvironmentVariables[$"{prefix}_{property}"] = value;
            }
        });
    }

    /// <summary>Injects service discovery variables (<c>services__&lt;name&gt;__http__0</c>, <c>&lt;NAME&gt;_HTTP</c>) for a project's endpoints.</summary>
    public static IResourceBuilder<TDestination> WithReference<TDestination>(
        this IResourceBuilder<TDestination> builder, IResourceBuilder<IResourceWithServiceDiscovery> source)
        where TDestination : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        var resource = source.Resource;
        builder.WithAnnotation(new ResourceRelationshipAnnotation(resource, "Reference"));
        return builder.WithEnvironment(context =>
        {
            var perScheme = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                var reference = new EndpointReference(resource, endpoint.Name);
                var key = endpoint.Name is "http" or "https" ? endpoint.UriScheme : endpoint.Name;
                var index = perScheme.TryGetValue(key, out var i) ? i : 0;
                perScheme[key] = index + 1;
                context.EnvironmentVariables[$"services__{resource.Name}__{key}__{index}"] = reference;
                context.EnvironmentVariables[$"{EnvironmentName(resource.Name)}_{endpoint.Name.ToUpperInvariant()}"] = reference;
            }
        });
    }

    /// <summary>Starts this resource only after <paramref name="dependency"/> runs and is healthy; fails if it fails.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.WaitUntilHealthy));

    /// <summary>Starts this resource once <paramref name="dependency"/> runs (health not awaited).</summary>
    public static IResourceBuilder<T> WaitForStart<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.WaitUntilStarted));

    /// <summary>Starts this resource once <paramref name="dependency"/> has run to completion.</summary>
    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency, int exitCode = 0)
        where T : IResourceWithWaitSupport =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.WaitForCompletion, exitCode));

    /// <summary>Sets an environment variable.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string? value)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(context =>
        {
            if (value is not null)
            {
                context.EnvironmentVariables[name] = value;
            }
        });

    /// <summary>Sets an environment variable from a deferred value (parameter, endpoint, expression).</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IValueProvider value)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = value);

    /// <summary>Sets an environment variable from a parameter.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(name, (IValueProvider)parameter.Resource);

    /// <summary>Sets environment variables from a callback.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentCallbackContext> callback)
        where T : IResourceWithEnvironment =>
        builder.WithAnnotation(new EnvironmentCallbackAnnotation(context =>
        {
            callback(context);
            return Task.CompletedTask;
        }));

    /// <summary>Adds command-line arguments.</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params object[] args) where T : IResourceWithArgs =>
        builder.WithAnnotation(new CommandLineArgsAnnotation(args));

    /// <summary>
    /// Adds an HTTP endpoint. <paramref name="port"/> is the port callers use (a free one when null);
    /// <paramref name="targetPort"/> is where the process listens inside a container (publish; default 8080).
    /// </summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, int? targetPort = null, string? name = null, bool isProxied = true)
        where T : IResourceWithEndpoints =>
        builder.WithEndpoint(name ?? "http", "http", port, targetPort, isProxied);

    /// <summary>Adds an endpoint; names must be unique per resource.</summary>
    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, string name, string scheme, int? port = null, int? targetPort = null, bool isProxied = true)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == name))
        {
            throw new DistributedApplicationException($"Endpoint with name '{name}' already exists on resource '{builder.Resource.Name}'.");
        }
        return builder.WithAnnotation(new EndpointAnnotation(name, scheme, port, targetPort, isProxied));
    }

    /// <summary>Changes an existing endpoint.</summary>
    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, string name, Action<EndpointAnnotation> configure)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var endpoint = builder.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == name)
            ?? throw new DistributedApplicationException($"Resource '{builder.Resource.Name}' has no endpoint named '{name}'.");
        configure(endpoint);
        return builder;
    }

    /// <summary>Marks every http/https endpoint external (publishers expose them; no effect when running locally).</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder) where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var endpoint in builder.Resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.UriScheme is "http" or "https"))
        {
            endpoint.IsExternal = true;
        }
        return builder;
    }

    /// <summary>The AppHost polls <paramref name="path"/> on the endpoint; <c>WaitFor</c> on this resource waits for it.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/", int statusCode = 200, string endpointName = "http")
        where T : IResourceWithEndpoints =>
        builder.WithAnnotation(new HttpHealthCheckAnnotation(path, statusCode, endpointName));

    /// <summary>Runs <paramref name="replicas"/> processes behind one port (round-robin TCP proxy).</summary>
    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        return builder.WithAnnotation(new ReplicaAnnotation(replicas));
    }

    /// <summary>Puts the resource in a network tier (<see cref="NetworkTiers"/>); publishers make networks and NetworkPolicies of tiers.</summary>
    public static IResourceBuilder<T> WithNetworkTier<T>(this IResourceBuilder<T> builder, string tier) where T : IResource
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tier);
        return builder.WithAnnotation(new NetworkTierAnnotation(tier));
    }

    /// <summary>The resource starts only when asked (<see cref="KnownResourceCommands.Start"/>), not with the application.</summary>
    public static IResourceBuilder<T> WithExplicitStart<T>(this IResourceBuilder<T> builder) where T : IResource =>
        builder.WithAnnotation(new ExplicitStartAnnotation());

    /// <summary>A reference to one of the resource's endpoints.</summary>
    public static EndpointReference GetEndpoint<T>(this IResourceBuilder<T> builder, string name) where T : IResourceWithEndpoints =>
        new(builder.Resource, name);

    internal static string EnvironmentName(string name) => name.ToUpperInvariant().Replace('-', '_');
}
