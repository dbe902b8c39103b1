using VotingApp.Hosting.Publishing;

namespace VotingApp.Tests.Publishing;

/// <summary>The AppHost model published once (compose and kubernetes) into a temporary folder, for a test class.</summary>
public sealed class PublishedOutput : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"votingapp-publish-{Guid.NewGuid():N}");

    public string Compose => Path.Combine(Directory, "compose");

    public string Chart => Path.Combine(Directory, "kubernetes");

    internal DeploymentModel Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var (model, files) = await AppHostModel.PublishAsync();
        Model = model;
        foreach (var (folder, content) in files)
        {
            await PublishedFiles.WriteAsync(Path.Combine(Directory, folder), content, [], CancellationToken.None);
        }
    }

    public Task DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        return Task.CompletedTask;
    }
}
