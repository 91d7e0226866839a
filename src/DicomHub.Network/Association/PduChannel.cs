using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Association;

/// <summary>
/// Reads and writes whole PDUs on a TCP connection. Reads go through a buffer so the 6-byte headers of
/// small PDUs cost no system call each; every write is one send of a fully assembled PDU. Each operation
/// has a timeout: a peer that stops reading or writing cannot hang us.
/// </summary>
internal sealed class PduChannel : IAsyncDisposable
{
    /// <summary>A-ASSOCIATE PDUs larger than this are not plausible (128 contexts of long UIDs fit easily).</summary>
    private const int MaxAssociatePduLength = 1024 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly BufferedStream _input;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _header = new byte[Pdu.HeaderLength];
    private int _disposed;

    public PduChannel(Socket socket, DicomNetworkOptions options)
    {
        _socket = socket;
        socket.NoDelay = options.NoDelay;
        if (options.SocketBufferSize > 0)
        {
            socket.SendBufferSize = options.SocketBufferSize;
            socket.ReceiveBufferSize = options.SocketBufferSize;
        }

        _network = new NetworkStream(socket, ownsSocket: true);
        _input = new BufferedStream(_network, 64 * 1024);
        Options = options;
        RemoteEndPoint = socket.RemoteEndPoint;
    }

    public DicomNetworkOptions Options { get; }

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>
    /// The next PDU, or null when the peer closed the connection cleanly between PDUs. Waits at most
    /// <paramref name="idleTimeout"/> for the first byte, then <see cref="DicomNetworkOptions.NetworkTimeout"/> for the rest.
    /// </summary>
    public async Task<ReceivedPdu?> ReceiveAsync(uint maxDataLength, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        int got;
        using (var idle = Timeout(idleTimeout, cancellationToken))
        {
            try
            {
                got = await _input.ReadAtLeastAsync(_header, 1, throwOnEndOfStream: false, idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No PDU from {RemoteEndPoint} within {idleTimeout.TotalSeconds:0} s.");
            }
        }

        if (got == 0)
        {
            return null;
        }

        using var timeout = Timeout(Options.NetworkTimeout, cancellationToken);
        try
        {
            if (got < Pdu.HeaderLength)
            {
                var rest = await _input.ReadAtLeastAsync(_header.AsMemory(got), Pdu.HeaderLength - got, throwOnEndOfStream: false, timeout.Token).ConfigureAwait(false);
                if (got + rest < Pdu.HeaderLength)
                {
                    throw new IOException($"{RemoteEndPoint} closed the connection inside a PDU header ({got + rest} of 6 bytes).");
                }
            }

            var type = (PduType)_header[0];
            var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(2));
            ValidateLength(type, length, maxDataLength);
            var body = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                var read = await _input.ReadAtLeastAsync(body.AsMemory(0, (int)length), (int)length, throwOnEndOfStream: false, timeout.Token).ConfigureAwait(false);
                if (read < length)
                {
                    throw new IOException($"{RemoteEndPoint} closed the connection in the middle of a {type} PDU ({read} of {length} bytes received).");
                }

                var pdu = Pdu.Decode(type, body.AsMemory(0, (int)length));
                return new ReceivedPdu(pdu, body);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(body);
                throw;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{RemoteEndPoint} stopped sending in the middle of a PDU for {Options.NetworkTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Sends bytes that already form one or more complete PDUs, as one write.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> pdus, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendUnlockedAsync(pdus, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public Task SendAsync(Pdu pdu, CancellationToken cancellationToken) => SendAsync(pdu.Encode(), cancellationToken);

    /// <summary>Holds the send side for a multi-PDU DIMSE message (fragments of two messages must not interleave).</summary>
    public async Task<IDisposable> LockSendAsync(CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_sendLock);
    }

    /// <summary>A write while <see cref="LockSendAsync"/> is held.</summary>
    public async Task SendUnlockedAsync(ReadOnlyMemory<byte> pdus, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(Options.NetworkTimeout, cancellationToken);
        try
        {
            await _network.WriteAsync(pdus, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{RemoteEndPoint} stopped reading: a send made no progress for {Options.NetworkTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Half-closes our side and waits (ARTIM) for the peer to close its side, then closes.</summary>
    public async Task CloseGracefullyAsync(TimeSpan artim)
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            using var timeout = new CancellationTokenSource(artim);
            var scratch = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                while (await _input.ReadAsync(scratch, timeout.Token).ConfigureAwait(false) > 0)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer vanished or ARTIM expired: either way the connection is done.
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            _socket.Close(0);
        }
        catch (SocketException)
        {
        }

        await _input.DisposeAsync().ConfigureAwait(false);
        await _network.DisposeAsync().ConfigureAwait(false);
        _sendLock.Dispose();
    }

    private static CancellationTokenSource Timeout(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            source.CancelAfter(timeout);
        }

        return source;
    }

    private void ValidateLength(PduType type, uint length, uint maxDataLength)
    {
        switch (type)
        {
            case PduType.AssociateRequest or PduType.AssociateAccept when length > MaxAssociatePduLength:
                throw new PduFormatException($"{type} PDU claims {length} bytes; more than {MaxAssociatePduLength} is not a plausible association PDU.", AbortReason.InvalidParameterValue);
            case PduType.AssociateReject or PduType.ReleaseRequest or PduType.ReleaseResponse or PduType.Abort when length != 4:
                throw new PduFormatException($"{type} PDU must have length 4, got {length}.", AbortReason.InvalidParameterValue);
            case PduType.DataTransfer when maxDataLength != 0 && length > maxDataLength:
                throw new PduFormatException($"P-DATA-TF of {length} bytes exceeds the maximum length {maxDataLength} we announced (PS3.8 D.1).", AbortReason.InvalidParameterValue);
            case PduType.DataTransfer when length > int.MaxValue / 2:
                throw new PduFormatException($"P-DATA-TF of {length} bytes is too large to process.", AbortReason.InvalidParameterValue);
            case < PduType.AssociateRequest or > PduType.Abort:
                throw new PduFormatException($"Unrecognized PDU type 0x{(byte)type:X2}.", AbortReason.UnrecognizedPdu);
        }
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}

/// <summary>A received PDU and the pooled buffer its P-DATA values point into; dispose once consumed.</summary>
internal sealed class ReceivedPdu(Pdu pdu, byte[]? buffer) : IDisposable
{
    private byte[]? _buffer = buffer;

    public Pdu Pdu { get; } = pdu;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
