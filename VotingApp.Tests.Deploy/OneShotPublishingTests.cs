using VotingApp.Hosting.Publishing;

namespace VotingApp.Tests.Publishing;

/// <summary>
/// The publishers find what runs to completion before other services in the model's <c>WaitForCompletion</c>, not in
/// a name: any resource others wait to complete is run once before them (compose) or as their init container (chart).
/// </summary>
public sealed class OneShotPublishingTests
{
    private static string MigrationsProject => Path.Combine(RepositoryPaths.Root, "VotingApp.Migrations", "VotingApp.Migrations.csproj");

    [Fact]
    public async Task Any_resource_others_wait_to_complete_runs_once_before_them_whatever_its_name()
    {
        var (model, files) = await AppHostModel.PublishAsync(builder =>
        {
            var votesdb = builder.CreateResourceBuilder(builder.Resources.OfType<PostgresDatabaseResource>().Single());
            var setup = builder.AddProject("schema-setup", MigrationsProject).WithReference(votesdb).WaitFor(votesdb);
            builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "vote")).WaitForCompletion(setup);
        });

        Assert.True(model["schema-setup"].IsOneShot);
        Assert.True(model["migrations"].IsOneShot);
        Assert.False(model["vote"].IsOneShot);
        Assert.Equal(["schema-setup"], model.CompletionsBefore(model["vote"]).Select(s => s.Name));
        // vote's pods now reach PostgreSQL (their init container does); the one-shot itself has no pods to allow
        Assert.Contains("vote", model.ClientsOf(model["postgres"]).Select(s => s.Name));
        Assert.DoesNotContain(model.ClientsOf(model["postgres"]), s => s.IsOneShot);

        var compose = Manifests.Parse(files["compose"][ComposePublisher.ComposeFileName]).Single();
        Assert.Equal("service_completed_successfully", compose.Str("services", "vote", "depends_on", "schema-setup", "condition"));
        Assert.Equal("no", compose.Str("services", "schema-setup", "restart"));

        var chart = files["kubernetes"];
        Assert.Equal(["templates/schema-setup/configmap.yaml"], chart.Keys.Where(k => k.StartsWith("templates/schema-setup/", StringComparison.Ordinal)));
        var vote = chart["templates/vote/deployment.yaml"];
        Assert.Contains("initContainers:", vote, StringComparison.Ordinal);
        Assert.Contains("name: schema-setup-config", vote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_shot_with_an_endpoint_is_refused_in_one_sentence()
    {
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => AppHostModel.PublishAsync(builder =>
        {
            var setup = builder.AddProject("schema-setup", MigrationsProject).WithHttpEndpoint(name: "http");
            builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "vote")).WaitForCompletion(setup);
        }));

        Assert.Contains("'schema-setup'", error.Message, StringComparison.Ordinal);
        Assert.Contains("WaitForCompletion", error.Message, StringComparison.Ordinal);
    }
}
