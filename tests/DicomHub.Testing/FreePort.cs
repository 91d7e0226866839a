using System.Net;
using System.Net.Sockets;

namespace DicomHub.Testing;

/// <summary>A free TCP port on loopback, so tests running side by side never collide.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
