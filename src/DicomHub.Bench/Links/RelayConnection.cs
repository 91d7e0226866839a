using System.Net.Sockets;

namespace DicomHub.Bench.Links;

/// <summary>A relayed TCP connection: the client-to-target pipe and the target-to-client pipe, closed together.</summary>
internal sealed class RelayConnection(Socket client, Socket server, LinkDirection up, LinkDirection down, LinkProfile profile)
{
    public RelayPipe Up { get; } = new(client, server, up, profile);

    public RelayPipe Down { get; } = new(server, client, down, profile);

    /// <summary>Relays both ways until both sides have closed, or until either fails (then both are reset).</summary>
    public async Task RunAsync(long upstreamNotBefore, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var upstream = Up.RunAsync(upstreamNotBefore, failed.Token);
        var downstream = Down.RunAsync(PreciseClock.Now, failed.Token);
        try
        {
            var first = await Task.WhenAny(upstream, downstream).ConfigureAwait(false);
            if (first.IsFaulted || first.IsCanceled)
            {
                Abort();
                await failed.CancelAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(upstream, downstream).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // A peer reset or the emulator stopped: both sides have been (or now are) torn down.
            Abort();
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    /// <summary>Resets both sockets so the endpoints see the failure instead of waiting forever.</summary>
    public void Abort()
    {
        foreach (var socket in new[] { client, server })
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
