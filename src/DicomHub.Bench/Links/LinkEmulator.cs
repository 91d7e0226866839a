using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Bench.Links;

/// <summary>
/// A TCP relay on 127.0.0.1 that makes a loopback connection behave like a link of the profile's rate and
/// round trip (the kernel's netem is not available here). Connect to <see cref="EndPoint"/> instead of the
/// target; every connection is relayed to the target through one shared pair of <see cref="LinkDirection"/>s.
/// </summary>
public sealed class LinkEmulator : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly Socket listener;
    private readonly LinkDirection up;
    private readonly LinkDirection down;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;

    // A finished connection's totals move from the live set into the sums in one step under this lock, so a
    // reader never catches it in neither place (a read between the two once saw no traffic at all).
    private readonly Lock statisticsLock = new();
    private readonly Dictionary<int, RelayConnection> connections = [];
    private int connectionCount;
    private long bytesUp;
    private long bytesDown;
    private long maxInFlightUp;
    private long maxInFlightDown;

    private LinkEmulator(IPEndPoint target, LinkProfile profile, ILogger logger)
    {
        if (!profile.IsShaped)
        {
            throw new ArgumentException($"The link '{profile.Name}' is not shaped: connect to the target directly.", nameof(profile));
        }

        this.target = target;
        this.logger = logger;
        Profile = profile;
        up = new LinkDirection($"{profile.Name} up", profile.RateBitsPerSecond, profile.OneWayDelay);
        down = new LinkDirection($"{profile.Name} down", profile.RateBitsPerSecond, profile.OneWayDelay);
        listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        acceptLoop = AcceptLoopAsync(stopping.Token);
    }

    public LinkProfile Profile { get; }

    /// <summary>Where senders connect: 127.0.0.1 and a free port.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Starts relaying connections made to <see cref="EndPoint"/> to <paramref name="target"/>.</summary>
    public static LinkEmulator Start(IPEndPoint target, LinkProfile profile, ILogger? logger = null) =>
        new(target, profile, logger ?? NullLogger.Instance);

    /// <summary>Totals over the connections so far (finished ones included).</summary>
    public LinkStatistics Statistics
    {
        get
        {
            lock (statisticsLock)
            {
                long up = bytesUp, down = bytesDown, maxUp = maxInFlightUp, maxDown = maxInFlightDown;
                foreach (var connection in connections.Values)
                {
                    up += connection.Up.BytesRelayed;
                    down += connection.Down.BytesRelayed;
                    maxUp = Math.Max(maxUp, connection.Up.MaxInFlight);
                    maxDown = Math.Max(maxDown, connection.Down.MaxInFlight);
                }

                return new LinkStatistics(Volatile.Read(ref connectionCount), up, down, maxUp, maxDown);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        RelayConnection[] live;
        lock (statisticsLock)
        {
            live = [.. connections.Values];
        }

        foreach (var connection in live)
        {
            connection.Abort();
        }

        try
        {
            await acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        up.Dispose();
        down.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        var relays = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    break;
                }

                relays.RemoveAll(t => t.IsCompleted);
                relays.Add(RelayAsync(client, Interlocked.Increment(ref connectionCount), cancellationToken));
            }
        }
        finally
        {
            await Task.WhenAll(relays).ConfigureAwait(false);
        }
    }

    private async Task RelayAsync(Socket client, int id, CancellationToken cancellationToken)
    {
        // The client's connect() returned at once on loopback; over the real link its first byte could leave
        // only after the SYN/SYN-ACK round trip, so the upstream pipe waits that long before reading.
        var handshakeDone = PreciseClock.Now + PreciseClock.FromTimeSpan(Profile.RoundTrip);
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            client.NoDelay = true;
            server.NoDelay = true;
            await server.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            logger.LogWarning("Link {Link}: could not reach {Target}: {Reason}", Profile.Name, target, e.Message);
            client.Dispose();
            server.Dispose();
            return;
        }

        var connection = new RelayConnection(client, server, up, down, Profile);
        lock (statisticsLock)
        {
            connections[id] = connection;
        }

        try
        {
            await connection.RunAsync(handshakeDone, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One broken relay must never bring the emulator (and the benchmark run) down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "Link {Link}: connection {Id} failed", Profile.Name, id);
        }
        finally
        {
            lock (statisticsLock)
            {
                connections.Remove(id);
                bytesUp += connection.Up.BytesRelayed;
                bytesDown += connection.Down.BytesRelayed;
                maxInFlightUp = Math.Max(maxInFlightUp, connection.Up.MaxInFlight);
                maxInFlightDown = Math.Max(maxInFlightDown, connection.Down.MaxInFlight);
            }
        }
    }
}

/// <summary>What crossed the link: connections, bytes each way, and the most bytes one connection had in flight.</summary>
public sealed record LinkStatistics(int Connections, long BytesUp, long BytesDown, long MaxInFlightUp, long MaxInFlightDown);
