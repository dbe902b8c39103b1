namespace VotingApp.Hosting.ApplicationModel;

/// <summary>A named part of the distributed application (a process, a server, a parameter).</summary>
public interface IResource
{
    /// <summary>Unique resource name (1–64 of letters, digits and '-', starting with a letter).</summary>
    string Name { get; }

    /// <summary>Everything the model knows about the resource beyond its type.</summary>
    ResourceAnnotationCollection Annotations { get; }
}
