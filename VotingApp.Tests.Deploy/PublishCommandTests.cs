namespace VotingApp.Tests.Publishing;

/// <summary><c>publish</c> from the command line, determinism, secrets, and run mode left alone.</summary>
public sealed class PublishCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"votingapp-cli-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_same_model_gives_byte_identical_output()
    {
        var (_, first) = await AppHostModel.PublishAsync();
        var (_, second) = await AppHostModel.PublishAsync();
        Assert.Equal(first.Keys, second.Keys);
        foreach (var (folder, files) in first)
        {
            Assert.Equal(files.Keys, second[folder].Keys);
            foreach (var (path, content) in files)
            {
                Assert.Equal(content, second[folder][path]);
                Assert.DoesNotContain('\r', content);
            }
        }
    }

    [Fact]
    public async Task Secret_values_are_never_written_even_when_configured()
    {
        const string cacheSecret = "cache-s3cr3t-value-0123456789";
        const string postgresSecret = "postgres-s3cr3t-value-0123456789";
        var (_, published) = await AppHostModel.PublishAsync($"--Parameters:cache-password={cacheSecret}", $"--Parameters:postgres-password={postgresSecret}");
        foreach (var (folder, files) in published)
        {
            foreach (var (path, content) in files)
            {
                Assert.DoesNotContain(cacheSecret, content, StringComparison.Ordinal);
                Assert.DoesNotContain(postgresSecret, content, StringComparison.Ordinal);
                Assert.False(path.EndsWith(".env", StringComparison.Ordinal), $"{folder} wrote {path}");
            }
        }
    }

    [Fact]
    public async Task The_deployment_environments_exist_only_when_publishing()
    {
        var resources = await AppHostModel.RunModeResourcesAsync();
        Assert.Contains(resources, r => r.Name == "vote");
        Assert.DoesNotContain(resources, r => r is ComposeDeploymentResource or HelmChartResource);
    }

    /// <summary>What the CLI runs (<c>aspire publish</c> starts the AppHost the same way) writes exactly the committed <c>deploy/</c>.</summary>
    [Fact]
    public async Task The_AppHost_publish_step_writes_the_committed_deploy_folders()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var run = await DeployTools.RunAsync(dotnet,
            ["run", "--project", Path.Combine(RepositoryPaths.Root, "VotingApp.AppHost"), "--no-build", "-c", configuration, "--no-launch-profile", "--",
             "--operation", "publish", "--step", "publish", "--output-path", _directory],
            TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["compose", "kubernetes"], Directory.GetDirectories(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertWroteTheCommittedDeployFolders("--operation publish");
    }

    /// <summary><c>aspire publish -o DIR</c> (the CLI from the tool manifest) writes the same bytes as the AppHost's publish step.</summary>
    [Fact]
    public async Task Aspire_publish_writes_the_committed_deploy_folders()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var restore = await DeployTools.RunAsync(dotnet, ["tool", "restore"], TimeSpan.FromMinutes(3));
        Assert.True(restore.ExitCode == 0, restore.ToString());
        // the CLI records the AppHost it found in aspire.config.json beside the manifest; leave the tree as it was
        var config = Path.Combine(RepositoryPaths.Root, "aspire.config.json");
        var hadConfig = File.Exists(config);
        ToolResult publish;
        try
        {
            // --no-build: the test build built the AppHost
            publish = await DeployTools.RunAsync(dotnet,
                ["aspire", "publish", "--apphost", Path.Combine(RepositoryPaths.Root, "VotingApp.AppHost", "VotingApp.AppHost.csproj"),
                 "-o", _directory, "--no-build", "--non-interactive", "--nologo"],
                TimeSpan.FromMinutes(3));
        }
        finally
        {
            if (!hadConfig)
            {
                File.Delete(config);
            }
        }
        Assert.True(publish.ExitCode == 0, publish.ToString());
        AssertWroteTheCommittedDeployFolders("aspire publish");
    }

    /// <summary>Each folder written to the output directory equals the committed <c>deploy/</c> one, file by file.</summary>
    private void AssertWroteTheCommittedDeployFolders(string how)
    {
        foreach (var folder in new[] { "compose", "kubernetes" })
        {
            var written = Directory.GetFiles(Path.Combine(_directory, folder), "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(Path.Combine(_directory, folder), f).Replace('\\', '/'), File.ReadAllText);
            DeployDriftTests.AssertFolderEquals(Path.Combine(RepositoryPaths.Deploy, folder), written, $"deploy/{folder} (against {how})");
        }
    }
}
