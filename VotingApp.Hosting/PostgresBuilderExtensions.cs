using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting;

/// <summary><c>AddPostgres</c> and <c>AddDatabase</c>, as in Aspire.Hosting.PostgreSQL.</summary>
public static class PostgresBuilderExtensions
{
    /// <summary>Image the publishers use (pinned).</summary>
    public const string Image = "library/postgres";

    /// <summary>Pinned tag.</summary>
    public const string Tag = "17.6-alpine";

    /// <summary>
    /// Adds a PostgreSQL server; user <c>postgres</c> and a generated password (secret parameter <c>&lt;name&gt;-password</c>)
    /// unless given.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? userName = null, IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var user = userName?.Resource ?? new ParameterResource($"{name}-username", () => "postgres", secret: false, generated: false);
        var passwordParameter = password?.Resource ?? ParameterResourceBuilderExtensions.CreateGeneratedPassword(builder, $"{name}-password");
        var server = new PostgresServerResource(name, user, passwordParameter);
        return builder.AddResource(server)
            .WithAnnotation(new EndpointAnnotation(PostgresServerResource.PrimaryEndpointName, "tcp", port, PostgresServerResource.DefaultContainerPort, isProxied: false))
            .WithAnnotation(new ContainerImageAnnotation("docker.io", Image, Tag));
    }

    /// <summary>Adds a database the AppHost creates once the server is up; <c>WaitFor</c> on it also waits for the server.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases[name] = database.DatabaseName;
        return builder.ApplicationBuilder.AddResource(database);
    }

    /// <summary>Keeps data between runs in a named volume (locally: <c>&lt;AppHost&gt;/.votingapp/volumes/&lt;name&gt;</c>).</summary>
    public static IResourceBuilder<PostgresServerResource> WithDataVolume(this IResourceBuilder<PostgresServerResource> builder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new DataDirectoryAnnotation(name ?? $"{builder.Resource.Name}-data", isVolume: true));
    }

    /// <summary>Keeps data between runs in a host folder.</summary>
    public static IResourceBuilder<PostgresServerResource> WithDataBindMount(this IResourceBuilder<PostgresServerResource> builder, string source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new DataDirectoryAnnotation(Path.Combine(builder.ApplicationBuilder.AppHostDirectory, source), isVolume: false));
    }
}
