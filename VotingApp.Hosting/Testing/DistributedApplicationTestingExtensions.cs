using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Testing;

/// <summary>Helpers on a running application, with Aspire.Hosting.Testing's names.</summary>
public static class DistributedApplicationTestingExtensions
{
    /// <summary>An <see cref="HttpClient"/> whose base address is the resource's endpoint.</summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName, string? endpointName = null) =>
        new() { BaseAddress = app.GetEndpoint(resourceName, endpointName) };

    /// <summary>The URL of a resource's endpoint (the first http endpoint when no name is given).</summary>
    public static Uri GetEndpoint(this DistributedApplication app, string resourceName, string? endpointName = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var resource = Find(app, resourceName);
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        var endpoint = (endpointName is null
                ? endpoints.FirstOrDefault(e => e.UriScheme is "http" or "https") ?? endpoints.FirstOrDefault()
                : endpoints.FirstOrDefault(e => e.Name == endpointName))
            ?? throw new ArgumentException($"Resource '{resourceName}' has no endpoint{(endpointName is null ? string.Empty : $" named '{endpointName}'")}.", nameof(endpointName));
        var allocated = endpoint.AllocatedEndpoint
            ?? throw new InvalidOperationException($"The endpoint '{endpoint.Name}' of '{resourceName}' is allocated when the application starts.");
        return new Uri(allocated.UriString);
    }

    /// <summary>The connection string the resource's consumers get.</summary>
    public static ValueTask<string?> GetConnectionStringAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken = default) =>
        Find(app, resourceName) is IResourceWithConnectionString resource
            ? resource.ConnectionStringExpression.GetValueAsync(cancellationToken)
            : throw new ArgumentException($"Resource '{resourceName}' has no connection string.", nameof(resourceName));

    /// <summary>The resource named <paramref name="resourceName"/>.</summary>
    public static IResource Find(this DistributedApplication app, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Resources.FirstOrDefault(r => r.Name == resourceName)
            ?? throw new ArgumentException($"No resource named '{resourceName}'.", nameof(resourceName));
    }
}
