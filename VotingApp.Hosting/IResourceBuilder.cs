using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting;

/// <summary>Fluent access to one resource of the model.</summary>
public interface IResourceBuilder<out T> where T : IResource
{
    /// <summary>The resource.</summary>
    T Resource { get; }

    /// <summary>The application builder it belongs to.</summary>
    IDistributedApplicationBuilder ApplicationBuilder { get; }

    /// <summary>Adds an annotation.</summary>
    IResourceBuilder<T> WithAnnotation<TAnnotation>(TAnnotation annotation) where TAnnotation : IResourceAnnotation;
}

internal sealed class ResourceBuilder<T>(T resource, IDistributedApplicationBuilder applicationBuilder) : IResourceBuilder<T>
    where T : IResource
{
    public T Resource { get; } = resource;

    public IDistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;

    public IResourceBuilder<T> WithAnnotation<TAnnotation>(TAnnotation annotation) where TAnnotation : IResourceAnnotation
    {
        Resource.Annotations.Add(annotation);
        return this;
    }
}
