using VotingApp.Hosting.ApplicationModel;

namespace VotingApp.Hosting.Orchestration;

/// <summary>Where a server keeps its data: a fresh folder per run, or the folder/volume the model names.</summary>
internal static class DataDirectories
{
    public static string Resolve(IResource resource, OrchestratorContext context)
    {
        if (resource.Annotations.TryGetLast<DataDirectoryAnnotation>(out var data))
        {
            return data.IsVolume
                ? Path.Combine(context.StateDirectory, "volumes", data.Source)
                : Path.GetFullPath(data.Source);
        }
        return Path.Combine(context.RunDirectory, resource.Name);
    }

    public static bool IsPersistent(IResource resource) => resource.Annotations.OfType<DataDirectoryAnnotation>().Any();
}
