using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting;

/// <summary><c>AddRedis</c>, as in Aspire.Hosting.Redis.</summary>
public static class RedisBuilderExtensions
{
    /// <summary>Image the publishers use (pinned).</summary>
    public const string Image = "library/redis";

    /// <summary>Pinned tag.</summary>
    public const string Tag = "7.4.2-alpine";

    /// <summary>
    /// Adds a Redis-protocol server. A password is always generated unless one is given (secret parameter
    /// <c>&lt;name&gt;-password</c>). <paramref name="port"/> fixes the host port (a free one otherwise).
    /// </summary>
    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name, int? port = null,
        IResourceBuilder<ParameterResource>? password = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var passwordParameter = password?.Resource ?? ParameterResourceBuilderExtensions.CreateGeneratedPassword(builder, $"{name}-password");
        var redis = new RedisResource(name, passwordParameter);
        return builder.AddResource(redis)
            .WithAnnotation(new EndpointAnnotation(RedisResource.PrimaryEndpointName, "tcp", port, RedisResource.DefaultContainerPort, isProxied: false))
            .WithAnnotation(new ContainerImageAnnotation("docker.io", Image, Tag));
    }

    /// <summary>
    /// Durable append-only file. Redis: <c>appendonly yes</c>, <c>appendfsync always</c> (written and fsynced before the
    /// replies). Garnet: <c>--aof --aof-commit-wait</c>, each write in the file before its reply. Either way a crash of
    /// the server loses no acknowledged write.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithPersistence(this IResourceBuilder<RedisResource> builder) =>
        builder.WithAnnotation(new PersistenceAnnotation());

    /// <summary>Keeps data between runs in a named volume (locally: <c>&lt;AppHost&gt;/.votingapp/volumes/&lt;name&gt;</c>) and turns on persistence.</summary>
    public static IResourceBuilder<RedisResource> WithDataVolume(this IResourceBuilder<RedisResource> builder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new DataDirectoryAnnotation(name ?? $"{builder.Resource.Name}-data", isVolume: true)).WithPersistence();
    }

    /// <summary>Keeps data between runs in a host folder and turns on persistence.</summary>
    public static IResourceBuilder<RedisResource> WithDataBindMount(this IResourceBuilder<RedisResource> builder, string source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new DataDirectoryAnnotation(Path.Combine(builder.ApplicationBuilder.AppHostDirectory, source), isVolume: false)).WithPersistence();
    }
}
