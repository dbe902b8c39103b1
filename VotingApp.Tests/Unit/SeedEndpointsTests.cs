using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VotingApp.Seed;

namespace VotingApp.Tests.Unit;

/// <summary>The seed tool finds the services by name under the AppHost, and is told where they are otherwise.</summary>
public sealed class SeedEndpointsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void On_its_own_the_tool_has_no_default_host_and_says_which_option_is_missing()
    {
        var error = Assert.Throws<ArgumentException>(() => Endpoints.Vote(null, Configuration()));
        Assert.Contains("--vote-url", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("--result-url", Assert.Throws<ArgumentException>(() => Endpoints.Result(null, Configuration())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_url_wins_and_must_be_http()
    {
        var configuration = Configuration(("services:vote:http:0", "http://127.0.0.1:1"));
        Assert.Equal(new Uri("http://vote.example:8080"), Endpoints.Vote("http://vote.example:8080", configuration));
        Assert.Throws<ArgumentException>(() => Endpoints.Vote("ftp://vote.example", configuration));
    }

    [Fact]
    public async Task As_an_Aspire_resource_http_vote_is_resolved_by_service_discovery()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapPost("/", () => "page");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var configuration = Configuration(("services:vote:http:0", address), ("services:result:http:0", address));

        var voteUrl = Endpoints.Vote(null, configuration);
        using var client = new VoteClient(voteUrl, Endpoints.Result(null, configuration), 1, configuration);

        Assert.Equal(new Uri("http://vote"), voteUrl);
        Assert.True(await client.PostAsync('a', voterId: null, CancellationToken.None));
    }
}
