using System.Net;
using Npgsql;
using VotingApp.Queue;
using VotingApp.Result;
using VotingApp.Tests.Infrastructure;
using VotingApp.Tests.Observability;

namespace VotingApp.Tests.Service;

/// <summary>
/// A result instance that has never read the tally says it does not know instead of showing zero: with PostgreSQL
/// down from its start, the API answers 503 with <c>Retry-After</c>, the live stream sends no tally, and the page says
/// it is connecting; once the database answers, the stored numbers appear.
/// </summary>
public sealed class ResultUnknownTallyTests
{
    [Fact]
    public async Task Until_the_tally_is_read_once_the_result_service_says_it_does_not_know_then_shows_the_real_numbers()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await VotesDatabase.ApplyAsync(connection, CancellationToken.None);
            await using var insert = new NpgsqlCommand("INSERT INTO votes (id, vote) VALUES ('v1', 'a'), ('v2', 'a'), ('v3', 'b')", connection);
            await insert.ExecuteNonQueryAsync();
        }
        await postgres.StopAsync();

        await using var service = await InProcessService.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:votesdb"] = postgres.ConnectionString },
            builder => builder.AddResultServices(),
            app => app.MapResultEndpoints());

        using (var api = await service.Client.GetAsync(new Uri("/api/results", UriKind.Relative)))
        {
            var body = await api.Content.ReadAsStringAsync();
            Assert.True(api.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)api.StatusCode}: {body}");
            Assert.NotNull(api.Headers.RetryAfter);
            Assert.Contains("not read the results", body, StringComparison.Ordinal);
        }
        var page = await service.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.DoesNotContain("No votes yet", page, StringComparison.Ordinal);
        // the text claims no split (the bars still need a geometry)
        Assert.DoesNotContain("<span id=\"percent-a\">50.0<", page, StringComparison.Ordinal);
        Assert.Contains(">connecting…<", page, StringComparison.Ordinal);
        var unknown = await ServerSentEvents.FirstEventAsync(service.Client, "/api/results/stream");
        Assert.NotEqual(ResultBroadcaster.ResultsEvent, unknown.Type);

        await postgres.StartAgainAsync();
        await Eventually.WaitUntilAsync(async () =>
        {
            using var api = await service.Client.GetAsync(new Uri("/api/results", UriKind.Relative));
            return api.StatusCode == HttpStatusCode.OK;
        });
        Assert.Contains("\"total\":3", await service.Client.GetStringAsync(new Uri("/api/results", UriKind.Relative)), StringComparison.Ordinal);
        var known = await ServerSentEvents.FirstEventAsync(service.Client, "/api/results/stream");
        Assert.Equal(ResultBroadcaster.ResultsEvent, known.Type);
        Assert.Contains("\"total\":3", known.Data, StringComparison.Ordinal);
        page = await service.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("3 votes", page, StringComparison.Ordinal);
    }
}
