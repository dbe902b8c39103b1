namespace VotingApp.Tests.Infrastructure;

/// <summary>A result page's live channel (SSE) held open in the background, remembering the latest pushed state.</summary>
public sealed class LiveViewer : IDisposable
{
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private Results? _latest;

    private LiveViewer(HttpClient client)
    {
        _client = client;
        _loop = Task.Run(ReadAsync);
    }

    public static async Task<LiveViewer> OpenAsync(TestApp app)
    {
        var viewer = new LiveViewer(new HttpClient { BaseAddress = app.App.GetEndpoint("result"), Timeout = Timeout.InfiniteTimeSpan });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (viewer._latest is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return viewer;
    }

    private async Task ReadAsync()
    {
        // the browser's EventSource reconnects by itself; so does this viewer
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await _client.GetAsync("/api/results/stream", HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                while (!_stop.IsCancellationRequested)
                {
                    Volatile.Write(ref _latest, Results.Parse(await SseReader.NextDataAsync(reader, _stop.Token)));
                }
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                await Task.Delay(200);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<Results> WaitForAsync(Func<Results, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Volatile.Read(ref _latest) is { } latest && done(latest))
            {
                return latest;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"The live channel did not reach the expected state; last pushed: {_latest}");
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // ended
        }
        _client.Dispose();
        _stop.Dispose();
    }
}
