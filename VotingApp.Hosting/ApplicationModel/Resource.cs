namespace VotingApp.Hosting.ApplicationModel;

/// <summary>Base class of every resource.</summary>
public abstract class Resource : IResource
{
    /// <summary>Creates a resource after checking its name against Aspire's rules.</summary>
    protected Resource(string name)
    {
        ModelName.Validate(name, nameof(name));
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ResourceAnnotationCollection Annotations { get; } = [];

    /// <inheritdoc />
    public override string ToString() => Name;
}
