using System.Buffers;
using DicomHub.Dicom.Data.Buffers;

namespace DicomHub.Dicom.IO;

/// <summary>
/// Buffered output for the encoder: headers and small values are gathered in one pooled buffer and
/// written in large blocks; large values go straight from their <see cref="IByteBuffer"/> to the stream.
/// In synchronous mode every operation completes synchronously (used by the sync Write/Encode API).
/// </summary>
internal sealed class DicomOutput(Stream stream, bool synchronous) : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _count;

    public bool IsSynchronous => synchronous;

    public int Free => _buffer.Length - _count;

    /// <summary>Makes room for <paramref name="count"/> bytes (at most a few dozen: headers).</summary>
    public ValueTask EnsureAsync(int count, CancellationToken cancellationToken) =>
        Free >= count ? ValueTask.CompletedTask : FlushAsync(cancellationToken);

    /// <summary>Space for <paramref name="count"/> bytes, which the caller has ensured; they count as written.</summary>
    public Span<byte> Take(int count)
    {
        var span = _buffer.AsSpan(_count, count);
        _count += count;
        return span;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var count = _count;
        _count = 0;
        if (synchronous)
        {
            stream.Write(_buffer, 0, count);
            return ValueTask.CompletedTask;
        }

        return stream.WriteAsync(_buffer.AsMemory(0, count), cancellationToken);
    }

    /// <summary>
    /// Writes a value, byte-swapping each <paramref name="swapUnit"/>-byte number (big endian), and pads an
    /// odd length with <paramref name="padding"/> as PS3.5 7.1.1 requires.
    /// </summary>
    public async ValueTask WriteValueAsync(IByteBuffer value, int swapUnit, byte padding, CancellationToken cancellationToken)
    {
        if (value.IsInMemory)
        {
            await WriteMemoryAsync(value.Memory, swapUnit, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            if (swapUnit == 1 && !synchronous)
            {
                await value.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CopyLazyValueAsync(value, swapUnit, cancellationToken).ConfigureAwait(false);
            }
        }

        if ((value.Length & 1) == 1)
        {
            await EnsureAsync(1, cancellationToken).ConfigureAwait(false);
            Take(1)[0] = padding;
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask WriteMemoryAsync(ReadOnlyMemory<byte> memory, int swapUnit, CancellationToken cancellationToken)
    {
        if (swapUnit == 1)
        {
            if (memory.Length <= Free)
            {
                memory.Span.CopyTo(Take(memory.Length));
                return;
            }

            await FlushAsync(cancellationToken).ConfigureAwait(false);
            if (synchronous)
            {
                stream.Write(memory.Span);
            }
            else
            {
                await stream.WriteAsync(memory, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        // Swapping needs a copy: go through the buffer in whole units.
        while (memory.Length > 0)
        {
            if (Free < swapUnit)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            var n = Math.Min(memory.Length, Free - (Free % swapUnit));
            var target = Take(n);
            memory.Span[..n].CopyTo(target);
            ByteSwap.InPlace(target, swapUnit);
            memory = memory[n..];
        }
    }

    private async ValueTask CopyLazyValueAsync(IByteBuffer value, int swapUnit, CancellationToken cancellationToken)
    {
        var source = value.OpenRead();
        try
        {
            var chunk = _buffer.Length - (_buffer.Length % swapUnit);
            while (true)
            {
                var read = synchronous
                    ? source.ReadAtLeast(_buffer.AsSpan(0, chunk), chunk, throwOnEndOfStream: false)
                    : await source.ReadAtLeastAsync(_buffer.AsMemory(0, chunk), chunk, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                ByteSwap.InPlace(_buffer.AsSpan(0, read), swapUnit);
                _count = read;
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Synchronous mode must not await anything that could really be asynchronous.
            if (synchronous)
            {
                source.Dispose();
            }
            else
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
