namespace VotingApp.Hosting.ApplicationModel;

/// <summary>
/// A Redis-protocol server. Locally: the real <c>redis-server</c> when installed, otherwise Garnet from the
/// <c>garnet-server</c> NuGet package. Published: the <see cref="Image"/> container.
/// </summary>
public sealed class RedisResource(string name, ParameterResource? password)
    : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithWaitSupport, IResourceWithContainerImage
{
    /// <summary>Endpoint name, as in Aspire.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>Port inside a container.</summary>
    public const int DefaultContainerPort = 6379;

    private EndpointReference? _primaryEndpoint;

    /// <summary>The password (null: no authentication).</summary>
    public ParameterResource? PasswordParameter { get; } = password;

    /// <summary>The server's endpoint.</summary>
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new EndpointReference(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ContainerImageAnnotation Image => Annotations.TryGetLast<ContainerImageAnnotation>(out var image)
        ? image
        : throw new InvalidOperationException("Redis has no image annotation.");

    /// <summary><c>host:port,password=…</c> — StackExchange.Redis syntax, as Aspire writes it.</summary>
    public ReferenceExpression ConnectionStringExpression => PasswordParameter is null
        ? ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}")
        : ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, IValueProvider>> GetConnectionProperties()
    {
        yield return new("HOST", PrimaryEndpoint.Property(EndpointProperty.Host));
        yield return new("PORT", PrimaryEndpoint.Property(EndpointProperty.Port));
        if (PasswordParameter is not null)
        {
            yield return new("PASSWORD", PasswordParameter);
            yield return new("URI", ReferenceExpression.Create(
                $"redis://:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}"));
        }
        else
        {
            yield return new("URI", ReferenceExpression.Create($"redis://{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}"));
        }
    }
}
