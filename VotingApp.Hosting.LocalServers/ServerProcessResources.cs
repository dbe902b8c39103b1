using Aspire.Hosting.ApplicationModel;

namespace VotingApp.Hosting.LocalServers;

/// <summary>
/// A Redis-protocol server (<c>redis-server</c> or Garnet) run as a host process in place of Aspire's
/// <see cref="RedisResource"/> of the same name; its connection string is the original's.
/// </summary>
public sealed class RedisServerProcessResource(RedisResource original, string command, string workingDirectory)
    : ExecutableResource(original.Name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The Aspire resource this process stands in for (its endpoint, password and annotations).</summary>
    public RedisResource Original { get; } = original;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => Original.ConnectionStringExpression;

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        ((IResourceWithConnectionString)Original).GetConnectionProperties();
}

/// <summary>
/// The host's PostgreSQL server (<c>postgres</c>) run as a host process in place of Aspire's
/// <see cref="PostgresServerResource"/> of the same name; its connection string is the original's.
/// </summary>
public sealed class PostgresServerProcessResource(PostgresServerResource original, string command, string workingDirectory)
    : ExecutableResource(original.Name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The Aspire resource this process stands in for.</summary>
    public PostgresServerResource Original { get; } = original;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => Original.ConnectionStringExpression;

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        ((IResourceWithConnectionString)Original).GetConnectionProperties();
}

/// <summary>
/// A database of a <see cref="PostgresServerProcessResource"/>, in place of Aspire's
/// <see cref="PostgresDatabaseResource"/>. It shows its server's state (Aspire gives a child resource a state of its own
/// only under a container) and is healthy once a connection to the database itself succeeds.
/// </summary>
public sealed class PostgresDatabaseProcessResource(PostgresDatabaseResource original, PostgresServerProcessResource parent)
    : Resource(original.Name), IResourceWithParent<PostgresServerProcessResource>, IResourceWithConnectionString, IResourceWithWaitSupport
{
    /// <summary>The Aspire resource this one stands in for.</summary>
    public PostgresDatabaseResource Original { get; } = original;

    /// <inheritdoc />
    public PostgresServerProcessResource Parent { get; } = parent;

    /// <summary>The database's name on the server.</summary>
    public string DatabaseName => Original.DatabaseName;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => Original.ConnectionStringExpression;

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        ((IResourceWithConnectionString)Original).GetConnectionProperties();
}
