using System.Net;
using VotingApp.Queue;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Integration;

/// <summary>The whole system, started once through the testing builder: votes go in at the door and come out in the results.</summary>
[Collection(AppCollection.Name)]
public sealed class VoteFlowTests
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(20);
    private readonly AppFixture _fixture;
    private readonly ITestOutputHelper _output;

    public VoteFlowTests(AppFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        fixture.App.AttachOutput(output);
    }

    private TestApp App => _fixture.App;

    [Fact]
    public async Task A_vote_shows_up_in_api_results_and_on_the_live_stream()
    {
        await App.WaitUntilQuietAsync();
        var before = await App.GetResultsAsync();
        using var cts = new CancellationTokenSource(s_settle);
        using var stream = await App.Result.GetAsync("/api/results/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cts.Token));

        // the first event is the current state
        var first = await SseReader.NextDataAsync(reader, cts.Token);
        Assert.Equal(before.Total, Results.Parse(first).Total);

        using var response = await App.PostVoteAsync("b", voterId: "live-stream-voter-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Results pushed;
        do
        {
            pushed = Results.Parse(await SseReader.NextDataAsync(reader, cts.Token));
        }
        while (pushed.B < before.B + 1);
        Assert.Equal(before.B + 1, pushed.B);
        Assert.Equal(before.A, pushed.A);

        var results = await App.WaitForResultsAsync(r => r.B == before.B + 1, s_settle);
        Assert.Equal(before.A + before.B + 1, results.Total);
        Assert.Equal("Cats", results.LabelA);
        Assert.Equal("Dogs", results.LabelB);
    }

    [Fact]
    public async Task Changing_a_vote_moves_it()
    {
        await App.WaitUntilQuietAsync();
        var before = await App.GetResultsAsync();
        (await App.PostVoteAsync("a", voterId: "changer-1")).EnsureSuccessStatusCode();
        await App.WaitForResultsAsync(r => r.A == before.A + 1 && r.B == before.B, s_settle);

        (await App.PostVoteAsync("b", voterId: "changer-1")).EnsureSuccessStatusCode();
        var after = await App.WaitForResultsAsync(r => r.A == before.A && r.B == before.B + 1, s_settle);
        Assert.Equal(before.Total + 1, after.Total);
        Assert.Equal("b", await App.StoredVoteAsync("changer-1"));
    }

    [Fact]
    public async Task The_original_seed_of_3000_votes_ends_exactly_2000_to_1000()
    {
        // seed-data: ApacheBench, 1000 × a, 1000 × b, 1000 × a, concurrency 50, no cookies (3000 distinct voters)
        await App.WaitUntilQuietAsync();
        var before = await App.GetResultsAsync();
        foreach (var option in new[] { "a", "b", "a" })
        {
            await Parallel.ForAsync(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (_, ct) =>
            {
                using var response = await App.PostVoteAsync(option, cancellationToken: ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            });
        }
        var after = await App.WaitForResultsAsync(r => r.Total >= before.Total + 3000, TimeSpan.FromSeconds(60));
        Assert.Equal(before.A + 2000, after.A);
        Assert.Equal(before.B + 1000, after.B);
    }

    [Fact]
    public async Task Bad_votes_get_400_or_413_with_a_message_and_nothing_is_queued()
    {
        // Hold the worker so that the queue length shows exactly what the door let in.
        await App.StopResourceAsync("worker");
        try
        {
            var queued = await App.Queue.LengthAsync();
            // a body over the vote endpoints' limit (4 KiB) is 413, anything else malformed 400; each with a message
            foreach (var (form, status) in new[]
            {
                ("vote=zzz", HttpStatusCode.BadRequest), ("vote=", HttpStatusCode.BadRequest), ("other=a", HttpStatusCode.BadRequest),
                ("vote=" + new string('a', 5000), HttpStatusCode.RequestEntityTooLarge), ("vote=A", HttpStatusCode.BadRequest),
            })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/")
                {
                    Content = new StringContent(form, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"),
                };
                using var response = await App.Vote.SendAsync(request);
                Assert.Equal(status, response.StatusCode);
                Assert.False(string.IsNullOrWhiteSpace(await response.Content.ReadAsStringAsync()), $"no message for {form[..Math.Min(20, form.Length)]}");
            }

            // over-long or strange voter ids are refused at the door
            foreach (var voterId in new[] { new string('x', 300), "a%3Bb", "x'--" })
            {
                using var response = await App.PostVoteAsync("a", voterId);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            }

            // the JSON API says the same with problem details
            using (var json = await App.Vote.PostAsync("/api/vote", new StringContent("{\"vote\":\"c\"}", System.Text.Encoding.UTF8, "application/json")))
            {
                Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
            }
            using (var broken = await App.Vote.PostAsync("/api/vote", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")))
            {
                Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
            }

            Assert.Equal(queued, await App.Queue.LengthAsync());

            // and a good vote is queued (acknowledged only once Redis has it)
            using var ok = await App.Vote.PostAsync("/api/vote", new StringContent("{\"vote\":\"a\"}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
            Assert.Equal(queued + 1, await App.Queue.LengthAsync());
        }
        finally
        {
            await App.StartResourceAsync("worker");
            await App.WaitUntilQuietAsync();
        }
    }

    [Fact]
    public async Task A_malformed_queue_message_is_dead_lettered_with_the_reason_and_later_votes_flow()
    {
        var deadBefore = await App.Queue.DeadLetterLengthAsync();
        await App.WaitUntilQuietAsync();
        var before = await App.GetResultsAsync();
        await App.Queue.EnqueueRawAsync(
            "this is not json",
            "{\"voter_id\":\"dl-1\",\"vote\":\"zzz\"}",
            "{\"vote\":\"a\"}",
            "{\"voter_id\":\"" + new string('v', 300) + "\",\"vote\":\"a\"}");
        // the original app's format (no timestamp) is still accepted
        await App.Queue.EnqueueRawAsync("{\"voter_id\":\"original-format-1\",\"vote\":\"a\"}");
        (await App.PostVoteAsync("b", voterId: "after-dead-letter-1")).EnsureSuccessStatusCode();

        var after = await App.WaitForResultsAsync(r => r.A == before.A + 1 && r.B == before.B + 1, s_settle);
        Assert.Equal(before.Total + 2, after.Total);

        var letters = await WaitForDeadLettersAsync(deadBefore + 4);
        var mine = letters.Skip((int)deadBefore).ToList();
        Assert.Contains(mine, l => l.Message == "this is not json" && l.Reason.Contains("JSON", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(mine, l => l.Message.Contains("zzz", StringComparison.Ordinal) && l.Reason.Contains("unknown option", StringComparison.Ordinal));
        Assert.Contains(mine, l => l.Reason.Contains("voter_id", StringComparison.Ordinal));
        Assert.All(mine, l => Assert.False(string.IsNullOrEmpty(l.Worker)));
    }

    [Fact]
    public async Task The_process_Aspire_reports_for_each_service_leads_to_the_one_that_serves_its_endpoint()
    {
        // what the fault tests SIGKILL (TestApp.ServiceProcess) must be the service itself, not a wrapper around it
        foreach (var server in new[] { "cache", "postgres" })
        {
            var instance = Assert.Single(App.Instances(server));
            if (TestApp.ProcessId(instance.Snapshot) is not null)
            {
                var pid = TestApp.ServiceProcess(instance);
                _output.WriteLine($"{server}: {Processes.Describe(pid)}, listening on {string.Join(", ", Processes.ListeningPorts(pid))}");
                Assert.NotEmpty(Processes.ListeningPorts(pid));
            }
        }
        foreach (var name in TestApp.Services)
        {
            var instance = Assert.Single(App.Instances(name));
            var pid = TestApp.ServiceProcess(instance);
            Assert.True(Processes.IsAlive(pid), $"{name}: {pid} is not alive");
            var ports = Processes.ListeningPorts(pid);
            _output.WriteLine($"{name}: Aspire reports {Processes.Describe(TestApp.ProcessId(instance.Snapshot)!.Value)}; the service is {Processes.Describe(pid)}, listening on {string.Join(", ", ports)}");
            Assert.True(ports.Count > 0, $"{name}: {Processes.Describe(pid)} listens on no TCP port");
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var alive = await Task.WhenAll(ports.Select(async port =>
            {
                try
                {
                    using var response = await client.GetAsync($"http://127.0.0.1:{port}/alive");
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }));
            Assert.True(alive.Any(ok => ok), $"{name}: none of {Processes.Describe(pid)}'s ports ({string.Join(", ", ports)}) answers /alive");
        }
    }

    [Fact]
    public void The_services_run_as_Native_AOT_executables_in_Release_and_on_the_JIT_in_Debug()
    {
        // Release runs each project's RunCommand, its published Native AOT executable (Directory.Build.props);
        // a process on the JIT has the CoreCLR runtime mapped, a Native AOT one does not
        foreach (var name in TestApp.Services)
        {
            var pid = TestApp.ServiceProcess(Assert.Single(App.Instances(name)));
            var jit = File.ReadLines($"/proc/{pid}/maps").Any(line => line.EndsWith("/libcoreclr.so", StringComparison.Ordinal));
            _output.WriteLine($"{name}: {Processes.Describe(pid)} {(jit ? "on the JIT" : "Native AOT")}");
#if DEBUG
            Assert.True(jit, $"{name}: a Debug build runs on the JIT, but {Processes.Describe(pid)} has no libcoreclr.so mapped");
#else
            Assert.False(jit, $"{name}: a Release build runs the Native AOT executable, but {Processes.Describe(pid)} runs on the JIT");
#endif
        }
    }

    private async Task<IReadOnlyList<DeadLetter>> WaitForDeadLettersAsync(long count)
    {
        var deadline = DateTime.UtcNow + s_settle;
        while (await App.Queue.DeadLetterLengthAsync() < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        return await App.Queue.ReadDeadLettersAsync(1000);
    }
}
