using System.Net;
using System.Net.Sockets;

namespace VotingApp.Hosting.Orchestration;

/// <summary>
/// Round-robin TCP proxy in front of a project's replicas: callers use one stable port, each connection goes to the
/// next replica that accepts it.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<IReadOnlyList<int>> _targets;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private int _next;

    public TcpProxy(int port, Func<IReadOnlyList<int>> targets)
    {
        _targets = targets;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start(backlog: 1024);
        _acceptLoop = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            _ = HandleAsync(client);
        }
    }

    private async Task HandleAsync(Socket client)
    {
        using (client)
        {
            client.NoDelay = true;
            var targets = _targets();
            Socket? upstream = null;
            for (var attempt = 0; attempt < targets.Count && upstream is null; attempt++)
            {
                var port = targets[(int)((uint)Interlocked.Increment(ref _next) % (uint)targets.Count)];
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, port, _stopping.Token).ConfigureAwait(false);
                    upstream = socket;
                }
                catch (Exception) when (!_stopping.IsCancellationRequested)
                {
                    socket.Dispose();
                }
            }
            if (upstream is null)
            {
                return;
            }
            using (upstream)
            {
                await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client)).ConfigureAwait(false);
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // one side closed
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
