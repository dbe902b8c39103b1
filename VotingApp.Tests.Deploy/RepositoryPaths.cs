namespace VotingApp.Tests.Publishing;

/// <summary>Folders of the repository the tests run from.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VotingApp.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No VotingApp.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => s_root.Value;

    public static string Tools => Path.Combine(Root, "tools");

    public static string Deploy => Path.Combine(Root, "deploy");
}
