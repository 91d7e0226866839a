using System.Net;
using System.Net.Sockets;

namespace DicomHub.Cli.Bench;

/// <summary>A free port on 127.0.0.1 for a receiver started by the benchmark.</summary>
internal static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
