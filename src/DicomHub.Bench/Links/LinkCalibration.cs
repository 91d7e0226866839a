using System.Net;
using System.Net.Sockets;

namespace DicomHub.Bench.Links;

/// <summary>
/// Pushes a raw TCP stream through a fresh emulator before anything is measured, to prove the link delivers
/// what it claims on this (shared, noisy) machine: the steady rate must be within 5% of nominal, or every
/// result on that link is marked invalid. Also measures the round trip of one byte.
/// </summary>
public static class LinkCalibration
{
    public const double Tolerance = 0.05;

    /// <summary>One-byte round trips measured; the median is reported (a shared machine adds outliers).</summary>
    private const int Pings = 21;

    /// <summary>Streams about <paramref name="duration"/> worth of bytes at the nominal rate. The rate is
    /// taken over the last 80% of the bytes, after TCP-like slow start has opened the window.</summary>
    public static async Task<LinkCalibrationResult> MeasureAsync(LinkProfile profile, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        using var sinkListener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        sinkListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        sinkListener.Listen(1);
        var totalBytes = Math.Max(1L << 20, (long)(profile.RateBitsPerSecond / 8.0 * duration.TotalSeconds));
        var sink = RunSinkAsync(sinkListener, totalBytes, cancellationToken);

        await using var emulator = LinkEmulator.Start((IPEndPoint)sinkListener.LocalEndPoint!, profile);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(emulator.EndPoint, cancellationToken).ConfigureAwait(false);

        var roundTrips = new List<TimeSpan>();
        var one = new byte[1];
        for (var i = 0; i < Pings; i++)
        {
            var sent = PreciseClock.Now;
            await client.SendAsync(one, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            await ReceiveExactlyAsync(client, one, cancellationToken).ConfigureAwait(false);
            roundTrips.Add(PreciseClock.ToTimeSpan(PreciseClock.Now - sent));
        }

        var block = new byte[64 * 1024];
        Random.Shared.NextBytes(block);
        for (long left = totalBytes; left > 0; left -= block.Length)
        {
            await client.SendAsync(block.AsMemory(0, (int)Math.Min(left, block.Length)), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }

        await ReceiveExactlyAsync(client, one, cancellationToken).ConfigureAwait(false);
        var (measuredBytes, measuredTicks) = await sink.ConfigureAwait(false);
        var achieved = measuredBytes * 8.0 / PreciseClock.ToTimeSpan(measuredTicks).TotalSeconds;
        roundTrips.Sort();
        return new LinkCalibrationResult(profile, achieved, roundTrips[roundTrips.Count / 2], totalBytes);
    }

    private static async Task<(long Bytes, long Ticks)> RunSinkAsync(Socket listener, long totalBytes, CancellationToken cancellationToken)
    {
        using var connection = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
        connection.NoDelay = true;
        var one = new byte[1];
        for (var i = 0; i < Pings; i++)
        {
            await ReceiveExactlyAsync(connection, one, cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(one, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }

        var buffer = new byte[64 * 1024];
        long received = 0, markBytes = -1, markTime = 0;
        var markAt = totalBytes / 5;
        while (received < totalBytes)
        {
            var count = await connection.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, totalBytes - received)), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                throw new IOException($"The calibration stream ended after {received} of {totalBytes} bytes.");
            }

            received += count;
            if (markBytes < 0 && received >= markAt)
            {
                // Bytes already queued in the socket arrived before now: if this reader was descheduled (a
                // shared machine), counting them after the mark would report more than the line's rate.
                while (connection.Available > 0 && received < totalBytes)
                {
                    received += await connection.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, totalBytes - received)), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }

                markBytes = received;
                markTime = PreciseClock.Now;
            }
        }

        var end = PreciseClock.Now;
        await connection.SendAsync(one, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        return (received - markBytes, end - markTime);
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            var count = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                throw new IOException("The calibration peer closed the connection early.");
            }

            buffer = buffer[count..];
        }
    }
}

/// <summary>What the calibration measured on one link.</summary>
public sealed record LinkCalibrationResult(LinkProfile Profile, double AchievedBitsPerSecond, TimeSpan MeasuredRoundTrip, long StreamBytes)
{
    public double RateRatio => AchievedBitsPerSecond / Profile.RateBitsPerSecond;

    /// <summary>True when the achieved rate is within <see cref="LinkCalibration.Tolerance"/> of nominal.</summary>
    public bool IsValid => Math.Abs(RateRatio - 1) <= LinkCalibration.Tolerance;

    public override string ToString() =>
        $"{Profile.Name}: {AchievedBitsPerSecond / 1e6:0.00} Mbit/s of {Profile.RateBitsPerSecond / 1e6:0} nominal ({RateRatio:P1}), " +
        $"round trip {MeasuredRoundTrip.TotalMilliseconds:0.000} ms of {Profile.RoundTrip.TotalMilliseconds:0.###} nominal: {(IsValid ? "valid" : "INVALID (rate off by more than 5%)")}";
}
