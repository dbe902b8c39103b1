using VotingApp.Hosting.Publishing;

namespace VotingApp.Tests.Publishing;

/// <summary><c>publish</c> on the command line: arguments, errors, determinism, secrets.</summary>
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

    [Theory]
    [InlineData("publish --publisher nope --output-path out", "nope")]
    [InlineData("publish --publisher compose", "--output-path")]
    [InlineData("publish --output-path out", "--publisher")]
    [InlineData("publish --publisher compose --output-path out --environment staging", "staging")]
    public async Task Wrong_arguments_fail_with_one_error_line_and_a_nonzero_exit_code(string commandLine, string mentioned)
    {
        var resources = await AppHostModel.ResourcesAsync();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await PublishCommand.InvokeAsync(commandLine.Split(' '), resources, stdout, stderr);

        Assert.NotEqual(0, exitCode);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(mentioned, lines[0], StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Environment.CurrentDirectory, "out")) && Directory.GetFiles(Path.Combine(Environment.CurrentDirectory, "out")).Length > 0);
    }

    [Theory]
    [InlineData(PublishCommand.Compose)]
    [InlineData(PublishCommand.Kubernetes)]
    public async Task The_same_model_gives_byte_identical_output(string publisher)
    {
        var first = await PublishCommand.RenderAsync(await AppHostModel.ResourcesAsync(), new PublishOptions(publisher, _directory, DeploymentEnvironment.Prod));
        var second = await PublishCommand.RenderAsync(await AppHostModel.ResourcesAsync(), new PublishOptions(publisher, _directory, DeploymentEnvironment.Prod));
        Assert.Equal(first.Keys, second.Keys);
        foreach (var (path, content) in first)
        {
            Assert.Equal(content, second[path]);
            Assert.DoesNotContain('\r', content);
        }
    }

    [Fact]
    public async Task Secret_values_are_never_written_even_when_configured()
    {
        const string cacheSecret = "cache-s3cr3t-value-0123456789";
        const string postgresSecret = "postgres-s3cr3t-value-0123456789";
        var resources = await AppHostModel.ResourcesAsync(new Dictionary<string, string?>
        {
            ["Parameters:cache-password"] = cacheSecret,
            ["Parameters:postgres-password"] = postgresSecret,
        });
        foreach (var publisher in new[] { PublishCommand.Compose, PublishCommand.Kubernetes })
        {
            var files = await PublishCommand.RenderAsync(resources, new PublishOptions(publisher, _directory, DeploymentEnvironment.Prod));
            foreach (var (path, content) in files)
            {
                Assert.DoesNotContain(cacheSecret, content, StringComparison.Ordinal);
                Assert.DoesNotContain(postgresSecret, content, StringComparison.Ordinal);
                Assert.False(path.EndsWith(".env", StringComparison.Ordinal), $"{publisher} wrote {path}");
            }
        }
    }

    [Fact]
    public async Task The_environment_option_sets_the_services_dotnet_environment()
    {
        var resources = await AppHostModel.ResourcesAsync();
        var dev = await PublishCommand.RenderAsync(resources, new PublishOptions(PublishCommand.Compose, _directory, DeploymentEnvironment.Dev));
        var prod = await PublishCommand.RenderAsync(resources, new PublishOptions(PublishCommand.Compose, _directory, DeploymentEnvironment.Prod));
        Assert.Contains("DOTNET_ENVIRONMENT: Development", dev["docker-compose.yaml"], StringComparison.Ordinal);
        Assert.Contains("DOTNET_ENVIRONMENT: Production", prod["docker-compose.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_AppHost_publishes_from_its_command_line_and_reports_errors_with_an_exit_code()
    {
        var appHost = Path.Combine(AppContext.BaseDirectory, "VotingApp.AppHost.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var output = Path.Combine(_directory, "compose");

        var ok = await DeployTools.RunAsync(dotnet, [appHost, "publish", "--publisher", "compose", "--output-path", output], TimeSpan.FromMinutes(2));
        Assert.True(ok.ExitCode == 0, ok.ToString());
        var expected = await PublishCommand.RenderAsync(await AppHostModel.ResourcesAsync(), new PublishOptions(PublishCommand.Compose, output, DeploymentEnvironment.Prod));
        foreach (var (path, content) in expected)
        {
            Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(output, path)));
        }

        var bad = await DeployTools.RunAsync(dotnet, [appHost, "publish", "--publisher", "swarm", "--output-path", output], TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Single(bad.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", bad.Stderr, StringComparison.Ordinal);
    }
}
