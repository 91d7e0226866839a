using System.Net;
using System.Net.Sockets;

namespace DicomHub.Bench.Tests.Links;

/// <summary>Tiny TCP servers on 127.0.0.1 for the emulator tests: an echo, and a sink that notes when the last byte came.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private LoopbackServer(Func<Socket, CancellationToken, Task> handle)
    {
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        loop = AcceptAsync(handle);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Writes back every byte it reads, and closes its side when the client closes.</summary>
    public static LoopbackServer Echo() => new(async (socket, ct) =>
    {
        var buffer = new byte[8192];
        int count;
        while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, ct)) > 0)
        {
            await socket.SendAsync(buffer.AsMemory(0, count), SocketFlags.None, ct);
        }

        socket.Shutdown(SocketShutdown.Send);
    });

    /// <summary>Reads until the client closes; <paramref name="done"/> gets the byte count and the Stopwatch time of the last byte.</summary>
    public static LoopbackServer Sink(Action<long, long> done) => new(async (socket, ct) =>
    {
        var buffer = new byte[65536];
        long total = 0, last = 0;
        int count;
        while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, ct)) > 0)
        {
            total += count;
            last = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        done(total, last);
    });

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Dispose();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync(Func<Socket, CancellationToken, Task> handle)
    {
        var handlers = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await listener.AcceptAsync(stop.Token);
                handlers.Add(Task.Run(async () =>
                {
                    using (socket)
                    {
                        try
                        {
                            await handle(socket, stop.Token);
                        }
                        catch (Exception e) when (e is SocketException or OperationCanceledException)
                        {
                            // The test (or the emulator shutting down) reset the connection: nothing to check here.
                        }
                    }
                }));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        await Task.WhenAll(handlers);
    }
}
