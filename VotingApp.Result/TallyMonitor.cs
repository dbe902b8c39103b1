using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;
using Polly;
using VotingApp.Queue;

namespace VotingApp.Result;

/// <summary>
/// Keeps <see cref="ResultBroadcaster"/> current. One dedicated connection per instance runs
/// <c>LISTEN votes_changed</c> (the worker notifies in each committed batch); each notification asks for a re-read of
/// <c>vote_tally</c>. Requests are coalesced: at most one read runs and at most one more waits, with a short pause
/// between reads. A safety re-read runs every few seconds, and keep-alives go out to viewers on a slower tick.
/// A broken connection (PostgreSQL restarted) is reopened with backoff, re-LISTENed and followed by a re-read.
/// </summary>
internal sealed class TallyMonitor : BackgroundService
{
    private static readonly TimeSpan s_initialBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_idleProbe = TimeSpan.FromSeconds(15);

    private readonly Channel<bool> _refreshRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
        SingleWriter = false,
    });

    private readonly NpgsqlDataSource _dataSource;
    private readonly ResultBroadcaster _broadcaster;
    private readonly ILogger<TallyMonitor> _logger;
    private readonly TimeSpan _minInterval;
    private readonly TimeSpan _safetyInterval;
    private readonly TimeSpan _keepAliveInterval;
    private readonly ResultMetrics _metrics;
    private readonly ResiliencePipeline _postgres;

    // the latest notification not yet pushed: when it arrived (Stopwatch timestamp) and the batch's traceparent
    private long _notifiedAt;
    private string? _notifiedTraceParent;

    /// <summary>
    /// Creates the monitor. Tunables: <c>Result:MinPushIntervalMilliseconds</c> (10),
    /// <c>Result:SafetyRefreshSeconds</c> (5), <c>Result:KeepAliveSeconds</c> (15).
    /// </summary>
    public TallyMonitor(
        NpgsqlDataSource dataSource,
        ResultBroadcaster broadcaster,
        IConfiguration configuration,
        ILogger<TallyMonitor> logger,
        ResultMetrics metrics,
        [FromKeyedServices(DependencyResilience.PostgreSql)] ResiliencePipeline postgres)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _metrics = metrics;
        _postgres = postgres;
        _dataSource = dataSource;
        _broadcaster = broadcaster;
        _logger = logger;
        _minInterval = TimeSpan.FromMilliseconds(Math.Clamp(configuration.GetValue("Result:MinPushIntervalMilliseconds", 10), 0, 1000));
        _safetyInterval = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Result:SafetyRefreshSeconds", 5), 1, 300));
        _keepAliveInterval = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Result:KeepAliveSeconds", 15), 1, 300));
    }

    /// <summary>Asks for a re-read of the tally; a request already waiting absorbs this one.</summary>
    public void RequestRefresh() => _refreshRequests.Writer.TryWrite(true);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RequestRefresh();
        return Task.WhenAll(
            ListenAsync(stoppingToken),
            RefreshAsync(stoppingToken),
            TickAsync(_safetyInterval, RequestRefresh, stoppingToken),
            TickAsync(_keepAliveInterval, _broadcaster.KeepAlive, stoppingToken));
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var backoff = s_initialBackoff;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {VotesDatabase.ChangeChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                if (failing)
                {
                    _logger.LogInformation("Listening for {Channel} again.", VotesDatabase.ChangeChannel);
                    failing = false;
                }
                backoff = s_initialBackoff;

                // notifications sent while we were not listening are lost: read the tally now
                RequestRefresh();
                while (true)
                {
                    if (!await connection.WaitAsync(s_idleProbe, stoppingToken))
                    {
                        // nothing for a while: prove the connection is still alive (a silent network loss hangs WaitAsync)
                        await using var probe = new NpgsqlCommand("SELECT 1", connection);
                        await probe.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (!failing)
                {
                    _logger.LogWarning(ex, "Lost the {Channel} listener connection; reconnecting with backoff.", VotesDatabase.ChangeChannel);
                    failing = true;
                }
                // connections opened before the outage are dead too: do not hand them to the next read
                _dataSource.Clear();
            }
            try
            {
                await Task.Delay(backoff, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = Min(backoff * 2, s_maxBackoff);
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == VotesDatabase.ChangeChannel)
        {
            // payload "<rows> [traceparent]": the first notification of a coalesced refresh is the one timed
            Interlocked.CompareExchange(ref _notifiedAt, Stopwatch.GetTimestamp(), 0);
            var space = e.Payload.IndexOf(' ', StringComparison.Ordinal);
            Volatile.Write(ref _notifiedTraceParent, space < 0 ? null : e.Payload[(space + 1)..]);
            RequestRefresh();
        }
    }

    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        var reader = _refreshRequests.Reader;
        var retry = s_initialBackoff;
        var failing = false;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                reader.TryRead(out _);
                var notifiedAt = Interlocked.Exchange(ref _notifiedAt, 0);
                using var activity = ResultMetrics.StartPush(Interlocked.Exchange(ref _notifiedTraceParent, null));
                try
                {
                    var (a, b) = await _postgres.ExecuteAsync(
                        static (dataSource, ct) => new ValueTask<(long, long)>(TallyReader.ReadAsync(dataSource, ct)), _dataSource, stoppingToken);
                    _metrics.RecordPush(notifiedAt, _broadcaster.Publish(a, b));
                    activity?.Stop();
                    if (failing)
                    {
                        _logger.LogInformation("Reading the tally again.");
                        failing = false;
                    }
                    retry = s_initialBackoff;
                    if (_minInterval > TimeSpan.Zero)
                    {
                        // requests arriving meanwhile collapse into one read after the pause
                        await Task.Delay(_minInterval, stoppingToken);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                    if (!failing)
                    {
                        _logger.LogWarning(ex, "Could not read the tally; retrying with backoff. Viewers keep the last known result.");
                        failing = true;
                    }
                    await Task.Delay(retry, stoppingToken);
                    retry = Min(retry * 2, s_maxBackoff);
                    RequestRefresh();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private static async Task TickAsync(TimeSpan period, Action action, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                action();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
