using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting;

/// <summary><c>AddProject</c>, as in Aspire.</summary>
public static class ProjectResourceBuilderExtensions
{
    /// <summary>Adds a project referenced by the AppHost (<c>Projects.&lt;Name&gt;</c> is generated at build).</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject(name, new TProject());

    /// <summary>Adds a project by path; it must be built (its output is next to it in bin/&lt;Configuration&gt;).</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var full = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, projectPath));
        return builder.AddProject(name, new PathProjectMetadata(full));
    }

    private static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, IProjectMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var project = new ProjectResource(name, metadata);
        return builder.AddResource(project);
    }

    private sealed class PathProjectMetadata(string projectPath) : IProjectMetadata
    {
        public string ProjectPath { get; } = projectPath;
    }
}
