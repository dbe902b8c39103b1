using VotingApp.Hosting.Publishing;

namespace VotingApp.Tests.Publishing;

/// <summary>The committed <c>deploy/</c> folders are exactly what the model publishes today.</summary>
public sealed class DeployDriftTests
{
    [Theory]
    [InlineData(PublishCommand.Compose, "compose")]
    [InlineData(PublishCommand.Kubernetes, "kubernetes")]
    public async Task Committed_output_matches_a_fresh_publish(string publisher, string folder)
    {
        var committed = Path.Combine(RepositoryPaths.Deploy, folder);
        var regenerate = $"regenerate with: {PublishOptions.CommandFor(publisher, $"deploy/{folder}")}";
        var fresh = await PublishCommand.RenderAsync(await AppHostModel.ResourcesAsync(), new PublishOptions(publisher, committed, DeploymentEnvironment.Prod));

        Assert.True(Directory.Exists(committed), $"deploy/{folder} is missing; {regenerate}");
        var onDisk = Directory.GetFiles(committed, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(committed, f).Replace('\\', '/'))
            .Where(f => f != ".env")
            .Order(StringComparer.Ordinal)
            .ToList();
        var extra = onDisk.Except(fresh.Keys).ToList();
        var missing = fresh.Keys.Except(onDisk).ToList();
        Assert.True(extra.Count == 0 && missing.Count == 0,
            $"deploy/{folder} differs from the model: extra [{string.Join(", ", extra)}], missing [{string.Join(", ", missing)}]; {regenerate}");
        foreach (var (path, content) in fresh)
        {
            var actual = await File.ReadAllTextAsync(Path.Combine(committed, path));
            Assert.True(actual == content, $"deploy/{folder}/{path} differs from the model; {regenerate}");
        }
    }
}
