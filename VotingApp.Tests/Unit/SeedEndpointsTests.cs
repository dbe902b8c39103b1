using System.Diagnostics;
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
    public void On_its_own_the_tool_has_no_default_host_and_answers_with_the_usage()
    {
        var error = Assert.Throws<UsageException>(() => Endpoints.Vote(null, Configuration()));
        Assert.Contains("--vote-url", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("--result-url", Assert.Throws<UsageException>(() => Endpoints.Result(null, Configuration())).Message, StringComparison.Ordinal);
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

    [Theory]
    [InlineData]
    [InlineData("bench")]
    [InlineData("seed", "--vote-url", "http://127.0.0.1:1")]
    public async Task Run_on_its_own_without_URLs_the_tool_prints_a_one_line_usage_and_exits_non_zero(params string[] args)
    {
        // the tool as built next to the tests, in an environment without the AppHost's service discovery variables
        var start = new ProcessStartInfo("dotnet", ["VotingApp.Seed.dll", .. args])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("services__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, process.ExitCode);
        Assert.Equal(string.Empty, await output);
        var line = Assert.Single((await error).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("usage: ", line, StringComparison.Ordinal);
        Assert.Contains("--vote-url", line, StringComparison.Ordinal);
        Assert.Contains("--result-url", line, StringComparison.Ordinal);
    }
}
