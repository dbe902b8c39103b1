namespace VotingApp.Hosting.ApplicationModel;

/// <summary>A database on a <see cref="PostgresServerResource"/>, created by the AppHost once the server is ready.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithConnectionString, IResourceWithParent, IResourceWithWaitSupport
{
    /// <summary>Database name on the server.</summary>
    public string DatabaseName { get; } = databaseName;

    /// <summary>The server.</summary>
    public PostgresServerResource Parent { get; } = parent;

    IResource IResourceWithParent.Parent => Parent;

    /// <summary>The server's connection string plus <c>;Database=…</c>.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Parent.ConnectionStringExpression};Database={DatabaseName}");

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, IValueProvider>> GetConnectionProperties()
    {
        foreach (var property in ((IResourceWithConnectionString)Parent).GetConnectionProperties())
        {
            if (property.Key == "URI")
            {
                yield return new("URI", ReferenceExpression.Create(
                    $"postgresql://{Parent.UserNameParameter}:{Parent.PasswordParameter}@{Parent.PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}/{DatabaseName}"));
            }
            else
            {
                yield return property;
            }
        }
        yield return new("DATABASENAME", ReferenceExpression.Create($"{DatabaseName}"));
    }
}
