using System.Collections.ObjectModel;

namespace VotingApp.Hosting.ApplicationModel;

/// <summary>Marker for annotations.</summary>
public interface IResourceAnnotation;

/// <summary>The annotations of one resource, in the order they were added.</summary>
public sealed class ResourceAnnotationCollection : Collection<IResourceAnnotation>
{
    /// <summary>All annotations of type <typeparamref name="T"/>.</summary>
    public IEnumerable<T> OfType<T>() where T : IResourceAnnotation => Items.OfType<T>();

    /// <summary>The last annotation of type <typeparamref name="T"/>, if any.</summary>
    public bool TryGetLast<T>([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? annotation) where T : class, IResourceAnnotation
    {
        annotation = Items.OfType<T>().LastOrDefault();
        return annotation is not null;
    }
}
