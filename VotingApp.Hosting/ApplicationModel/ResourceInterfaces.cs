namespace VotingApp.Hosting.ApplicationModel;

/// <summary>A resource with network endpoints.</summary>
public interface IResourceWithEndpoints : IResource;

/// <summary>A resource other resources find by its endpoints (<c>services__…</c> variables).</summary>
public interface IResourceWithServiceDiscovery : IResourceWithEndpoints;

/// <summary>A resource that takes environment variables.</summary>
public interface IResourceWithEnvironment : IResource;

/// <summary>A resource that can be told to wait for others.</summary>
public interface IResourceWithWaitSupport : IResource;

/// <summary>A resource that takes command-line arguments.</summary>
public interface IResourceWithArgs : IResource;

/// <summary>A resource whose consumers get <c>ConnectionStrings__&lt;name&gt;</c>.</summary>
public interface IResourceWithConnectionString : IResource, IValueProvider
{
    /// <summary>The connection string, deferred until run (or rendered by a publisher).</summary>
    ReferenceExpression ConnectionStringExpression { get; }

    /// <summary>Connection properties injected as <c>&lt;NAME&gt;_&lt;PROPERTY&gt;</c> (Aspire 13).</summary>
    IEnumerable<KeyValuePair<string, IValueProvider>> GetConnectionProperties() => [];

    /// <summary>Key under <c>ConnectionStrings</c>; the resource name unless overridden.</summary>
    string? ConnectionStringEnvironmentVariable => null;

    ValueTask<string?> IValueProvider.GetValueAsync(CancellationToken cancellationToken) =>
        ConnectionStringExpression.GetValueAsync(cancellationToken);
}

/// <summary>A resource that belongs to another (a database to its server).</summary>
public interface IResourceWithParent : IResource
{
    /// <summary>The owning resource.</summary>
    IResource Parent { get; }
}

/// <summary>A resource that serves published container images (for publishers).</summary>
public interface IResourceWithContainerImage : IResource
{
    /// <summary>The image this resource runs as in a container deployment.</summary>
    ContainerImageAnnotation Image { get; }
}
