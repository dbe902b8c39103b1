using VotingApp.Hosting.Publishing;

namespace VotingApp.Tests.Publishing;

/// <summary>The committed <c>deploy/</c> folders are exactly what the model publishes today.</summary>
public sealed class DeployDriftTests
{
    private static readonly string s_regenerate =
        $"regenerate with: {PublishOptions.DefaultRegenerateCommand} (or: dotnet run --project VotingApp.AppHost --no-launch-profile -- --operation publish --step publish --output-path \"$PWD/deploy\")";

    [Fact]
    public async Task Committed_output_matches_a_fresh_publish()
    {
        var (_, published) = await AppHostModel.PublishAsync();
        Assert.Equal(["compose", "kubernetes"], published.Keys);
        foreach (var (folder, fresh) in published)
        {
            AssertFolderEquals(Path.Combine(RepositoryPaths.Deploy, folder), fresh, $"deploy/{folder}");
        }
    }

    /// <summary>The files of <paramref name="directory"/> (but a local <c>.env</c>) are exactly <paramref name="expected"/>.</summary>
    internal static void AssertFolderEquals(string directory, IReadOnlyDictionary<string, string> expected, string name)
    {
        Assert.True(Directory.Exists(directory), $"{name} is missing; {s_regenerate}");
        var onDisk = Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Where(f => f != ".env")
            .Order(StringComparer.Ordinal)
            .ToList();
        var extra = onDisk.Except(expected.Keys).ToList();
        var missing = expected.Keys.Except(onDisk).ToList();
        Assert.True(extra.Count == 0 && missing.Count == 0,
            $"{name} differs from the model: extra [{string.Join(", ", extra)}], missing [{string.Join(", ", missing)}]; {s_regenerate}");
        foreach (var (path, content) in expected)
        {
            var actual = File.ReadAllText(Path.Combine(directory, path));
            Assert.True(actual == content, $"{name}/{path} differs from the model; {s_regenerate}");
        }
    }
}
