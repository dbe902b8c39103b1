namespace VotingApp.Hosting.ApplicationModel;

/// <summary>A reference to a resource's endpoint, resolved once the application runs.</summary>
public sealed class EndpointReference(IResourceWithEndpoints resource, string endpointName) : IValueProvider
{
    /// <summary>The resource that owns the endpoint.</summary>
    public IResourceWithEndpoints Resource { get; } = resource;

    /// <summary>The endpoint's name.</summary>
    public string EndpointName { get; } = endpointName;

    /// <summary>The endpoint's annotation.</summary>
    public EndpointAnnotation Annotation =>
        Resource.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(e => e.Name == EndpointName)
        ?? throw new InvalidOperationException($"Resource '{Resource.Name}' has no endpoint named '{EndpointName}'.");

    /// <summary>Whether the endpoint has been allocated.</summary>
    public bool IsAllocated => Annotation.AllocatedEndpoint is not null;

    private AllocatedEndpoint Allocated => Annotation.AllocatedEndpoint
        ?? throw new InvalidOperationException($"The endpoint '{EndpointName}' of '{Resource.Name}' is not allocated yet; it is known once the application has started.");

    /// <summary>Host name callers use.</summary>
    public string Host => Allocated.Host;

    /// <summary>Port callers use.</summary>
    public int Port => Allocated.Port;

    /// <summary>URL callers use.</summary>
    public string Url => Allocated.UriString;

    /// <summary>One part of the endpoint as a value usable inside a <see cref="ReferenceExpression"/>.</summary>
    public EndpointReferenceExpression Property(EndpointProperty property) => new(this, property);

    /// <inheritdoc />
    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => new(Url);
}

/// <summary>Which part of an endpoint a value stands for.</summary>
public enum EndpointProperty
{
    /// <summary>The whole URL.</summary>
    Url,

    /// <summary>The host name.</summary>
    Host,

    /// <summary>The port callers use.</summary>
    Port,

    /// <summary>host:port.</summary>
    HostAndPort,
}

/// <summary>One part of an endpoint, as a value.</summary>
public sealed class EndpointReferenceExpression(EndpointReference endpoint, EndpointProperty property) : IValueProvider
{
    /// <summary>The endpoint.</summary>
    public EndpointReference Endpoint { get; } = endpoint;

    /// <summary>The part of it.</summary>
    public EndpointProperty Property { get; } = property;

    /// <inheritdoc />
    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => new(Property switch
    {
        EndpointProperty.Url => Endpoint.Url,
        EndpointProperty.Host => Endpoint.Host,
        EndpointProperty.Port => Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        EndpointProperty.HostAndPort => $"{Endpoint.Host}:{Endpoint.Port}",
        _ => throw new ArgumentOutOfRangeException(nameof(Property)),
    });
}
