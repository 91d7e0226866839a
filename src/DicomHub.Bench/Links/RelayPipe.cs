using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace DicomHub.Bench.Links;

/// <summary>
/// One direction of one relayed connection: reads what the sender wrote, puts it on the shared
/// <see cref="LinkDirection"/>, and writes it to the receiver when it arrives. It keeps at most a TCP window
/// of bytes in flight: a segment stays counted until its simulated ACK has come back (arrival + the reverse
/// one-way delay) and the receiver has taken it. The window opens like TCP slow start (RFC 6928 initial
/// window, growing by the bytes acknowledged) up to <see cref="LinkProfile.WindowBytes"/>.
/// </summary>
internal sealed class RelayPipe
{
    /// <summary>Largest piece read at once. The last byte of a message arrives exactly on time whatever this is;
    /// it only bounds how early bytes inside a long message are held back (16 KiB = 1.3 ms at 100 Mbit/s).</summary>
    public const int SegmentBytes = 16 * 1024;

    private readonly Socket source;
    private readonly Socket destination;
    private readonly LinkDirection link;
    private readonly long ackDelayTicks;
    private readonly long windowLimit;
    private readonly Channel<Segment> arrived = Channel.CreateUnbounded<Segment>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly object gate = new();
    private long inFlight;
    private long congestionWindow;
    private TaskCompletionSource? windowOpened;
    private long bytesRelayed;
    private long maxInFlight;

    public RelayPipe(Socket source, Socket destination, LinkDirection link, LinkProfile profile)
    {
        this.source = source;
        this.destination = destination;
        this.link = link;
        ackDelayTicks = PreciseClock.FromTimeSpan(profile.OneWayDelay);
        windowLimit = profile.WindowBytes;
        congestionWindow = Math.Min(LinkProfile.InitialCongestionWindowBytes, windowLimit);
    }

    public long BytesRelayed => Interlocked.Read(ref bytesRelayed);

    public long MaxInFlight
    {
        get
        {
            lock (gate)
            {
                return maxInFlight;
            }
        }
    }

    /// <summary>Relays until the sender closes its side and the end of stream has been delivered.</summary>
    /// <param name="notBefore">No byte is read before this time: the TCP handshake's round trip that a direct
    /// connection would have paid before its first data.</param>
    public Task RunAsync(long notBefore, CancellationToken cancellationToken) =>
        Task.WhenAll(ReceiveLoopAsync(notBefore, cancellationToken), SendLoopAsync(cancellationToken));

    /// <summary>Called by the link's clock when a segment reaches the far end.</summary>
    public void Arrive(Segment segment) => arrived.Writer.TryWrite(segment);

    private async Task ReceiveLoopAsync(long notBefore, CancellationToken cancellationToken)
    {
        try
        {
            await WaitUntilAsync(notBefore).ConfigureAwait(false);
            while (true)
            {
                var allowance = await WaitForWindowAsync(cancellationToken).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(SegmentBytes);
                var count = await source.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(allowance, SegmentBytes)), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    link.Transmit(this, null, 0, null);
                    return;
                }

                lock (gate)
                {
                    inFlight += count;
                    maxInFlight = Math.Max(maxInFlight, inFlight);
                }

                Interlocked.Add(ref bytesRelayed, count);
                var tracker = new SegmentTracker(count);
                var due = link.Transmit(this, buffer, count, tracker);
                link.At(due + ackDelayTicks, () => Settle(tracker));
            }
        }
        catch
        {
            arrived.Writer.TryComplete();
            throw;
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var segment in arrived.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (segment.Buffer is null)
            {
                destination.Shutdown(SocketShutdown.Send);
                return;
            }

            try
            {
                await destination.SendAsync(segment.Buffer.AsMemory(0, segment.Count), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(segment.Buffer);
            }

            Settle(segment.Tracker!);
        }
    }

    private void Settle(SegmentTracker tracker)
    {
        if (!tracker.Complete())
        {
            return;
        }

        TaskCompletionSource? waiter = null;
        lock (gate)
        {
            inFlight -= tracker.Count;
            congestionWindow = Math.Min(windowLimit, congestionWindow + tracker.Count);
            if (windowOpened is not null && inFlight < congestionWindow)
            {
                waiter = windowOpened;
                windowOpened = null;
            }
        }

        waiter?.TrySetResult();
    }

    private async Task<long> WaitForWindowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (inFlight < congestionWindow)
                {
                    return congestionWindow - inFlight;
                }

                windowOpened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = windowOpened.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private Task WaitUntilAsync(long time)
    {
        if (time <= PreciseClock.Now)
        {
            return Task.CompletedTask;
        }

        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        link.At(time, () => reached.TrySetResult());
        return reached.Task;
    }
}
