namespace VotingApp.Hosting.ApplicationModel;

/// <summary>A .NET project run from its build output (or, in Release, from its Native AOT executable: <see cref="IProjectMetadata.ExecutablePath"/>).</summary>
public sealed class ProjectResource(string name, IProjectMetadata metadata)
    : Resource(name), IResourceWithServiceDiscovery, IResourceWithEnvironment, IResourceWithWaitSupport, IResourceWithArgs, IResourceWithContainerImage
{
    /// <summary>Where the project is and what it builds to.</summary>
    public IProjectMetadata Metadata { get; } = metadata;

    /// <inheritdoc />
    public ContainerImageAnnotation Image
    {
        get
        {
            if (!Annotations.TryGetLast<ContainerImageAnnotation>(out var image))
            {
                image = new ContainerImageAnnotation(string.Empty, $"votingapp/{Name}", "1.0.0");
                Annotations.Add(image);
            }
            return image;
        }
    }
}

/// <summary>Metadata of a project referenced by the AppHost (generated as <c>Projects.&lt;Name&gt;</c> classes at build).</summary>
public interface IProjectMetadata
{
    /// <summary>Full path of the project file.</summary>
    string ProjectPath { get; }

    /// <summary>Full path of the built assembly for the AppHost's configuration.</summary>
    string TargetPath => Path.Combine(Path.GetDirectoryName(ProjectPath)!, "bin", "Debug", "net10.0",
        Path.GetFileNameWithoutExtension(ProjectPath) + ".dll");

    /// <summary>
    /// The project's Native AOT executable, when the AppHost was built in Release (or with
    /// <c>VotingAppRunNativeAot=true</c>) and the project sets <c>PublishAot</c>: run mode starts it instead of
    /// <c>dotnet <see cref="TargetPath"/></c>. <see langword="null"/> for projects that run on the JIT.
    /// </summary>
    string? ExecutablePath => null;
}
