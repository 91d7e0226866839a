using System.Net;
using System.Net.Sockets;

namespace DicomHub.Testing;

/// <summary>
/// A free TCP port on loopback for a server a test starts, so tests running side by side never collide.
/// Not a port from bind(0): those come from the kernel's ephemeral range (32768-60999 on Linux), which every
/// outgoing connection of every process also draws from, so between this call and the server's bind another
/// test's client socket or another test process could take it (CI once failed a server start with "address
/// already in use"). These ports are below that range: no outgoing connection takes them, each test process
/// draws from its own slice (by process id), and a process never hands out the same port twice.
/// </summary>
public static class FreePort
{
    private const int RangeStart = 10_000;
    private const int SliceSize = 2_000;
    private const int Slices = 11; // 10000-31999, below the ephemeral range

    private static readonly int SliceStart = RangeStart + (Environment.ProcessId % Slices * SliceSize);
    private static int s_handedOut = Random.Shared.Next(SliceSize);

    public static int Next()
    {
        for (var attempt = 0; attempt < SliceSize; attempt++)
        {
            var port = SliceStart + (Interlocked.Increment(ref s_handedOut) % SliceSize);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free TCP port in {SliceStart}-{SliceStart + SliceSize - 1} on loopback.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
