using System.Buffers;
using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Network.Scu;

/// <summary>
/// The element walk behind <see cref="NativeSyntaxTranscoder"/>. Sequences and items are re-emitted with
/// undefined length (their defined lengths would change with the header sizes); implicit input takes its
/// VRs from the PS3.6 dictionary (UN when unknown, LO for private creators, UL for group lengths), and where
/// it allows several ("US or SS", "OB or OW") from the Bits Allocated and Pixel Representation passed so far
/// (<see cref="ContextualVR"/>): 16-bit Pixel Data goes out as OW, signed pixel values as SS.
/// </summary>
internal sealed class NativeDatasetConverter(Stream input, Stream output, bool fromExplicit, bool toExplicit)
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private readonly byte[] _scratch = new byte[12];
    private long _position;

    public Task ConvertAsync(CancellationToken cancellationToken) => ConvertDatasetAsync(long.MaxValue, topLevel: true, VRContext.Unknown, cancellationToken);

    private async Task ConvertDatasetAsync(long end, bool topLevel, VRContext context, CancellationToken cancellationToken)
    {
        while (_position < end)
        {
            var got = await input.ReadAtLeastAsync(_scratch.AsMemory(0, 4), 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (got == 0 && topLevel)
            {
                return;
            }

            if (got < 4)
            {
                throw new InvalidDataException($"Data set truncated at byte {_position + got}.");
            }

            _position += 4;
            var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(_scratch), BinaryPrimitives.ReadUInt16LittleEndian(_scratch.AsSpan(2)));
            if (tag == DicomTag.ItemDelimitationItem)
            {
                await ReadAsync(4, cancellationToken).ConfigureAwait(false);
                return;
            }

            var (vr, length) = await ReadVrAndLengthAsync(tag, context, cancellationToken).ConfigureAwait(false);
            if (vr == DicomVR.SQ || length == UndefinedLength)
            {
                // Undefined-length UN holds implicit-encoded items (PS3.5 6.2.2): treat it as a sequence.
                await WriteHeaderAsync(tag, DicomVR.SQ, UndefinedLength, cancellationToken).ConfigureAwait(false);
                await ConvertSequenceAsync(length, context, cancellationToken).ConfigureAwait(false);
                await WriteDelimiterAsync(DicomTag.SequenceDelimitationItem, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!vr.HasLongExplicitLength() && length > ushort.MaxValue)
            {
                vr = DicomVR.UN;
            }

            await WriteHeaderAsync(tag, vr, length, cancellationToken).ConfigureAwait(false);
            if (length == 2 && VRContext.Decides(tag))
            {
                await ReadAsync(2, cancellationToken).ConfigureAwait(false);
                context = context.With(tag, BinaryPrimitives.ReadUInt16LittleEndian(_scratch));
                await output.WriteAsync(_scratch.AsMemory(0, 2), cancellationToken).ConfigureAwait(false);
                continue;
            }

            await CopyAsync(length, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ConvertSequenceAsync(uint length, VRContext context, CancellationToken cancellationToken)
    {
        var end = length == UndefinedLength ? long.MaxValue : _position + length;
        while (_position < end)
        {
            await ReadAsync(8, cancellationToken).ConfigureAwait(false);
            var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(_scratch), BinaryPrimitives.ReadUInt16LittleEndian(_scratch.AsSpan(2)));
            var itemLength = BinaryPrimitives.ReadUInt32LittleEndian(_scratch.AsSpan(4));
            if (tag == DicomTag.SequenceDelimitationItem)
            {
                return;
            }

            if (tag != DicomTag.Item)
            {
                throw new InvalidDataException($"Expected an item in a sequence at byte {_position - 8}, found {tag}.");
            }

            await WriteDelimiterAsync(DicomTag.Item, cancellationToken, UndefinedLength).ConfigureAwait(false);
            await ConvertDatasetAsync(itemLength == UndefinedLength ? long.MaxValue : _position + itemLength, topLevel: false, context, cancellationToken).ConfigureAwait(false);
            await WriteDelimiterAsync(DicomTag.ItemDelimitationItem, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(DicomVR Vr, uint Length)> ReadVrAndLengthAsync(DicomTag tag, VRContext context, CancellationToken cancellationToken)
    {
        if (!fromExplicit)
        {
            await ReadAsync(4, cancellationToken).ConfigureAwait(false);
            return (ContextualVR.ForImplicit(tag, context), BinaryPrimitives.ReadUInt32LittleEndian(_scratch));
        }

        await ReadAsync(4, cancellationToken).ConfigureAwait(false);
        if (!DicomVRExtensions.TryParse(_scratch[0], _scratch[1], out var vr))
        {
            throw new InvalidDataException($"Invalid VR bytes 0x{_scratch[0]:X2}{_scratch[1]:X2} for {tag} at byte {_position - 4}.");
        }

        if (!vr.HasLongExplicitLength())
        {
            return (vr, BinaryPrimitives.ReadUInt16LittleEndian(_scratch.AsSpan(2)));
        }

        await ReadAsync(4, cancellationToken).ConfigureAwait(false);
        return (vr, BinaryPrimitives.ReadUInt32LittleEndian(_scratch));
    }

    private async Task WriteHeaderAsync(DicomTag tag, DicomVR vr, uint length, CancellationToken cancellationToken)
    {
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), tag.Element);
        int size;
        if (!toExplicit)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), length);
            size = 8;
        }
        else
        {
            var code = vr.Code();
            header[4] = (byte)code[0];
            header[5] = (byte)code[1];
            if (vr.HasLongExplicitLength())
            {
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), length);
                size = 12;
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)length);
                size = 8;
            }
        }

        await output.WriteAsync(header.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteDelimiterAsync(DicomTag tag, CancellationToken cancellationToken, uint length = 0)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), length);
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReadAsync(int count, CancellationToken cancellationToken)
    {
        var got = await input.ReadAtLeastAsync(_scratch.AsMemory(0, count), count, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got < count)
        {
            throw new InvalidDataException($"Data set truncated at byte {_position + got}.");
        }

        _position += count;
    }

    private async Task CopyAsync(uint length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, 1 << 16));
        try
        {
            var left = (long)length;
            while (left > 0)
            {
                var chunk = (int)Math.Min(left, buffer.Length);
                var got = await input.ReadAtLeastAsync(buffer.AsMemory(0, chunk), chunk, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (got < chunk)
                {
                    throw new InvalidDataException($"Data set truncated at byte {_position + got}.");
                }

                await output.WriteAsync(buffer.AsMemory(0, chunk), cancellationToken).ConfigureAwait(false);
                _position += chunk;
                left -= chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
