namespace VotingApp.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server. Locally: the host's PostgreSQL binaries with a fresh data directory per run (scram auth, a
/// generated password). Published: the <see cref="Image"/> container.
/// </summary>
public sealed class PostgresServerResource(string name, ParameterResource userName, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithWaitSupport, IResourceWithContainerImage
{
    /// <summary>Endpoint name, as in Aspire.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>Port inside a container.</summary>
    public const int DefaultContainerPort = 5432;

    private EndpointReference? _primaryEndpoint;

    /// <summary>The superuser name (default <c>postgres</c>).</summary>
    public ParameterResource UserNameParameter { get; } = userName;

    /// <summary>The superuser password.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>Databases the AppHost creates once the server is up: resource name → database name.</summary>
    public Dictionary<string, string> Databases { get; } = new(StringComparer.Ordinal);

    /// <summary>The server's endpoint.</summary>
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new EndpointReference(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ContainerImageAnnotation Image => Annotations.TryGetLast<ContainerImageAnnotation>(out var image)
        ? image
        : throw new InvalidOperationException("Postgres has no image annotation.");

    /// <summary><c>Host=…;Port=…;Username=…;Password=…</c>.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserNameParameter};Password={PasswordParameter}");

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, IValueProvider>> GetConnectionProperties()
    {
        yield return new("HOST", PrimaryEndpoint.Property(EndpointProperty.Host));
        yield return new("PORT", PrimaryEndpoint.Property(EndpointProperty.Port));
        yield return new("USERNAME", UserNameParameter);
        yield return new("PASSWORD", PasswordParameter);
        yield return new("URI", ReferenceExpression.Create(
            $"postgresql://{UserNameParameter}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}"));
    }
}
