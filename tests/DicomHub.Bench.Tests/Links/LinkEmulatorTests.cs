using System.Diagnostics;
using System.Net.Sockets;
using DicomHub.Bench.Links;

namespace DicomHub.Bench.Tests.Links;

/// <summary>
/// The emulator's contract, checked without upper timing bounds (the machine is shared): bytes arrive
/// intact and in order, a transfer never beats bytes/rate, the delay is paid each way, connections share
/// the line, and a connection never has more than its window in flight.
/// </summary>
public sealed class LinkEmulatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Relays_bytes_intact_and_in_order_both_ways()
    {
        var profile = new LinkProfile("test", 400_000_000, TimeSpan.FromMilliseconds(1));
        await using var echo = LoopbackServer.Echo();
        await using var link = LinkEmulator.Start(echo.EndPoint, profile);
        var payload = new byte[3 * 1024 * 1024 + 17];
        new Random(6).NextBytes(payload);

        using var client = await ConnectAsync(link);
        var reading = ReadToEndAsync(client);
        for (var offset = 0; offset < payload.Length; offset += 10_000)
        {
            await client.SendAsync(payload.AsMemory(offset, Math.Min(10_000, payload.Length - offset)), SocketFlags.None, Ct);
        }

        client.Shutdown(SocketShutdown.Send);
        var echoed = await reading;

        Assert.Equal(payload.Length, echoed.Length);
        Assert.True(payload.AsSpan().SequenceEqual(echoed), "the echoed bytes differ from what was sent");
        Assert.Equal(payload.Length, link.Statistics.BytesUp);
        Assert.Equal(payload.Length, link.Statistics.BytesDown);
    }

    [Fact]
    public async Task A_transfer_takes_at_least_bytes_over_rate_plus_the_delay()
    {
        const long rate = 20_000_000;
        const int bytes = 1_000_000;
        var profile = new LinkProfile("test", rate, TimeSpan.FromMilliseconds(10));
        var arrived = new TaskCompletionSource<(long Bytes, long At)>();
        await using var sink = LoopbackServer.Sink((total, at) => arrived.TrySetResult((total, at)));
        await using var link = LinkEmulator.Start(sink.EndPoint, profile);

        var start = Stopwatch.GetTimestamp();
        using (var client = await ConnectAsync(link))
        {
            await client.SendAsync(new byte[bytes], SocketFlags.None, Ct);
            client.Shutdown(SocketShutdown.Send);
            var (total, at) = await arrived.Task.WaitAsync(Ct);

            Assert.Equal(bytes, total);
            var elapsed = Stopwatch.GetElapsedTime(start, at);
            var floor = TimeSpan.FromSeconds(bytes * 8.0 / rate) + profile.OneWayDelay;
            Assert.True(elapsed >= floor, $"{bytes} bytes arrived in {elapsed.TotalMilliseconds:0.0} ms, faster than the link allows ({floor.TotalMilliseconds:0.0} ms)");
        }
    }

    [Fact]
    public async Task The_delay_is_paid_each_way_and_the_handshake_costs_a_round_trip()
    {
        var profile = new LinkProfile("test", 1_000_000_000, TimeSpan.FromMilliseconds(30));
        await using var echo = LoopbackServer.Echo();
        await using var link = LinkEmulator.Start(echo.EndPoint, profile);
        var one = new byte[1];

        var start = Stopwatch.GetTimestamp();
        using var client = await ConnectAsync(link);
        await client.SendAsync(one, SocketFlags.None, Ct);
        await ReceiveExactlyAsync(client, one);
        var firstExchange = Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        await client.SendAsync(one, SocketFlags.None, Ct);
        await ReceiveExactlyAsync(client, one);
        var secondExchange = Stopwatch.GetElapsedTime(start);

        Assert.True(firstExchange >= 2 * profile.RoundTrip, $"connect + first echo took {firstExchange.TotalMilliseconds:0.0} ms, less than handshake + round trip");
        Assert.True(secondExchange >= profile.RoundTrip, $"an echo took {secondExchange.TotalMilliseconds:0.0} ms, less than the round trip");
    }

    [Fact]
    public async Task Parallel_connections_share_one_line()
    {
        const long rate = 40_000_000;
        const int bytesEach = 500_000;
        const int connections = 4;
        var profile = new LinkProfile("test", rate, TimeSpan.FromMilliseconds(1));
        var remaining = connections;
        long lastArrival = 0, totalBytes = 0;
        var allArrived = new TaskCompletionSource();
        await using var sink = LoopbackServer.Sink((total, at) =>
        {
            Interlocked.Add(ref totalBytes, total);
            long seen;
            do
            {
                seen = Interlocked.Read(ref lastArrival);
            }
            while (at > seen && Interlocked.CompareExchange(ref lastArrival, at, seen) != seen);

            if (Interlocked.Decrement(ref remaining) == 0)
            {
                allArrived.TrySetResult();
            }
        });
        await using var link = LinkEmulator.Start(sink.EndPoint, profile);

        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            using var client = await ConnectAsync(link);
            await client.SendAsync(new byte[bytesEach], SocketFlags.None, Ct);
            client.Shutdown(SocketShutdown.Send);
            await ReadToEndAsync(client);
        }));
        await allArrived.Task.WaitAsync(Ct);

        Assert.Equal(connections * bytesEach, Interlocked.Read(ref totalBytes));
        var elapsed = Stopwatch.GetElapsedTime(start, Interlocked.Read(ref lastArrival));
        var floor = TimeSpan.FromSeconds(connections * bytesEach * 8.0 / rate);
        Assert.True(elapsed >= floor, $"{connections} x {bytesEach} bytes took {elapsed.TotalMilliseconds:0.0} ms: the connections did not share the {rate / 1e6} Mbit/s line");
        Assert.Equal(connections, link.Statistics.Connections);
    }

    [Fact]
    public async Task A_connection_never_has_more_than_its_window_in_flight()
    {
        var profile = new LinkProfile("test", 200_000_000, TimeSpan.FromMilliseconds(20));
        await using var echo = LoopbackServer.Echo();
        await using var link = LinkEmulator.Start(echo.EndPoint, profile);

        using var client = await ConnectAsync(link);
        var reading = ReadToEndAsync(client);
        await client.SendAsync(new byte[4 * 1024 * 1024], SocketFlags.None, Ct);
        client.Shutdown(SocketShutdown.Send);
        Assert.Equal(4 * 1024 * 1024, (await reading).Length);

        var statistics = link.Statistics;
        Assert.InRange(statistics.MaxInFlightUp, LinkProfile.InitialCongestionWindowBytes, profile.WindowBytes);
        Assert.InRange(statistics.MaxInFlightDown, 1, profile.WindowBytes);
    }

    [Fact]
    public async Task A_target_that_is_not_listening_closes_the_client_and_the_emulator_keeps_working()
    {
        var profile = new LinkProfile("test", 100_000_000, TimeSpan.FromMilliseconds(1));
        var deadPort = DicomHub.Testing.FreePort.Next();
        await using var link = LinkEmulator.Start(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, deadPort), profile);

        using var client = await ConnectAsync(link);
        var buffer = new byte[16];
        int count;
        try
        {
            count = await client.ReceiveAsync(buffer, SocketFlags.None, Ct);
        }
        catch (SocketException)
        {
            count = 0;
        }

        Assert.Equal(0, count);
        using var second = await ConnectAsync(link);
        Assert.True(second.Connected);
    }

    private static async Task<Socket> ConnectAsync(LinkEmulator link)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(link.EndPoint, Ct);
        return socket;
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        var output = new MemoryStream();
        var buffer = new byte[65536];
        int count;
        while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, Ct)) > 0)
        {
            output.Write(buffer, 0, count);
        }

        return output.ToArray();
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var count = await socket.ReceiveAsync(buffer, SocketFlags.None, Ct);
            Assert.NotEqual(0, count);
            buffer = buffer[count..];
        }
    }
}
