using System.Net;
using System.Net.Sockets;

namespace VotingApp.Hosting.Orchestration;

/// <summary>Finds free loopback ports and tells whether a fixed one is taken.</summary>
internal static class PortAllocator
{
    /// <summary>A port that was free a moment ago.</summary>
    public static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether nothing listens on <paramref name="port"/> (loopback IPv4 and any-address).</summary>
    public static bool IsFree(int port)
    {
        foreach (var address in new[] { IPAddress.Loopback, IPAddress.Any })
        {
            try
            {
                using var listener = new TcpListener(address, port);
                listener.Server.ExclusiveAddressUse = true;
                listener.Start();
            }
            catch (SocketException)
            {
                return false;
            }
        }
        return true;
    }
}
