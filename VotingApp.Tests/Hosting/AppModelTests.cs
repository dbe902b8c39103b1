namespace VotingApp.Tests.Hosting;

/// <summary>The app model's rules and Aspire's names, without starting anything.</summary>
public sealed class AppModelTests
{
    [Theory]
    [InlineData("cache", true)]
    [InlineData("votes-db2", true)]
    [InlineData("", false)]
    [InlineData("1abc", false)]
    [InlineData("a--b", false)]
    [InlineData("trailing-", false)]
    [InlineData("under_score", false)]
    public void Resource_names_follow_Aspire_rules(string name, bool valid)
    {
        Assert.Equal(valid, ModelName.TryValidate(name, out var message));
        Assert.Equal(valid, message.Length == 0);
    }

    [Fact]
    public void Names_longer_than_64_characters_are_refused() =>
        Assert.False(ModelName.TryValidate(new string('a', 65), out _));

    [Fact]
    public async Task The_AppHost_model_has_the_resources_references_and_waits_it_promises()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.VotingApp_AppHost>();
        var resources = builder.Resources.ToDictionary(r => r.Name);
        Assert.IsType<RedisResource>(resources["cache"]);
        Assert.IsType<PostgresServerResource>(resources["postgres"]);
        Assert.IsType<PostgresDatabaseResource>(resources["votesdb"]);

        static string[] Refs(IResource r) => [.. r.Annotations.OfType<ResourceRelationshipAnnotation>().Where(a => a.Type == "Reference").Select(a => a.Resource.Name).Order()];
        static string[] Waits(IResource r) => [.. r.Annotations.OfType<WaitAnnotation>().Select(a => a.Resource.Name).Order()];
        static string Tier(IResource r) => r.Annotations.OfType<NetworkTierAnnotation>().Single().Tier;

        Assert.Equal(["cache"], Refs(resources["vote"]));
        Assert.Equal(["cache", "votesdb"], Refs(resources["worker"]));
        Assert.Equal(["votesdb"], Refs(resources["result"]));
        Assert.Equal(Refs(resources["vote"]), Waits(resources["vote"]));
        Assert.Equal(Refs(resources["worker"]), Waits(resources["worker"]));
        Assert.Equal(Refs(resources["result"]), Waits(resources["result"]));
        Assert.Equal(NetworkTiers.Frontend, Tier(resources["vote"]));
        Assert.Equal(NetworkTiers.Frontend, Tier(resources["result"]));
        Assert.Equal(NetworkTiers.Backend, Tier(resources["worker"]));

        var voteHttp = resources["vote"].Annotations.OfType<EndpointAnnotation>().Single();
        Assert.Equal(8080, voteHttp.Port);
        Assert.True(voteHttp.IsExternal);
        Assert.Equal(8081, resources["result"].Annotations.OfType<EndpointAnnotation>().Single().Port);
        Assert.False(resources["worker"].Annotations.OfType<EndpointAnnotation>().Single().IsExternal);
    }

    [Fact]
    public async Task Connection_strings_have_Aspire_shape_and_publishers_can_render_them_without_secrets()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], PersistGeneratedSecrets = false, AppHostDirectory = Path.GetTempPath() });
        var cache = builder.AddRedis("cache");
        var db = builder.AddPostgres("postgres").AddDatabase("votesdb");
        cache.Resource.PrimaryEndpoint.Annotation.AllocatedEndpoint = new AllocatedEndpoint("localhost", 6390, "tcp");
        db.Resource.Parent.PrimaryEndpoint.Annotation.AllocatedEndpoint = new AllocatedEndpoint("localhost", 5440, "tcp");

        var redisPassword = cache.Resource.PasswordParameter!.Value;
        Assert.True(redisPassword.Length >= 22 && redisPassword.All(char.IsAsciiLetterOrDigit));
        Assert.Equal($"localhost:6390,password={redisPassword}", await cache.Resource.ConnectionStringExpression.GetValueAsync());
        Assert.Equal(
            $"Host=localhost;Port=5440;Username=postgres;Password={db.Resource.Parent.PasswordParameter.Value};Database=votesdb",
            await db.Resource.ConnectionStringExpression.GetValueAsync());

        var rendered = cache.Resource.ConnectionStringExpression.Render(v => v is ParameterResource p ? $"${{{p.Name.ToUpperInvariant().Replace('-', '_')}}}" : "cache:6379");
        Assert.Equal("cache:6379,password=${CACHE_PASSWORD}", rendered);
    }

    [Fact]
    public void Duplicate_names_and_endpoints_are_refused_with_a_message()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], PersistGeneratedSecrets = false, AppHostDirectory = Path.GetTempPath() });
        builder.AddRedis("cache");
        Assert.Contains("already exists", Assert.Throws<DistributedApplicationException>(() => builder.AddRedis("Cache")).Message, StringComparison.Ordinal);
        var project = builder.AddProject("svc", "/nonexistent/Svc.csproj").WithHttpEndpoint(port: 9000);
        Assert.Throws<DistributedApplicationException>(() => project.WithHttpEndpoint(port: 9001));
    }
}
