using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Imaging;

/// <summary>
/// Native (uncompressed) Pixel Data: frames follow each other in one value with no padding between them,
/// so a 1-bit frame may start in the middle of a byte (PS3.5 8.1.1, 8.2).
/// </summary>
public sealed class NativePixelData : DicomPixelData
{
    private readonly DicomElement _element;

    internal NativePixelData(ImageDescription description, DicomElement element)
        : base(description)
    {
        _element = element;
        var needed = description.NativeLength;
        if (element.Length < needed)
        {
            throw new DicomImagingException($"Pixel Data (7FE0,0010) holds {element.Length} bytes; {description.NumberOfFrames} frame(s) of {description.Rows} x {description.Columns} x {description.SamplesPerPixel} samples at {description.BitsAllocated} bits need {needed}.");
        }
    }

    public override bool IsEncapsulated => false;

    public DicomElement Element => _element;

    public override async ValueTask<ReadOnlyMemory<byte>> ReadFrameAsync(int frame, CancellationToken cancellationToken = default)
    {
        CheckFrameIndex(frame);
        var firstBit = frame * Description.FrameLengthInBits;
        var shift = (int)(firstBit % 8);
        var firstByte = firstBit / 8;
        var length = Description.FrameLength;

        // An unaligned 1-bit frame needs the byte its last bits spill into.
        var span = shift == 0 ? length : (int)Math.Min(length + 1, _element.Length - firstByte);
        var bytes = await ReadRangeAsync(firstByte, span, cancellationToken).ConfigureAwait(false);
        if (shift == 0 && Description.FrameLengthInBits % 8 == 0)
        {
            return bytes;
        }

        return Realign(bytes.Span, shift, length, Description.FrameLengthInBits);
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadRangeAsync(long offset, int length, CancellationToken cancellationToken)
    {
        var buffer = _element.Buffer;
        if (buffer.IsInMemory)
        {
            return buffer.Memory.Slice((int)offset, length);
        }

        // Left in its file or blob: read just this frame rather than loading the whole value.
        var bytes = new byte[length];
        await buffer.ReadAsync(offset, bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>Moves a frame that starts at bit <paramref name="shift"/> so it starts at bit 0 (pixels are packed least significant bit first).</summary>
    private static byte[] Realign(ReadOnlySpan<byte> source, int shift, int length, long bits)
    {
        var result = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var low = source[i] >> shift;
            var high = i + 1 < source.Length ? source[i + 1] << (8 - shift) : 0;
            result[i] = (byte)(low | high);
        }

        var usedBitsInLast = (int)(bits % 8);
        if (usedBitsInLast != 0)
        {
            result[^1] &= (byte)((1 << usedBitsInLast) - 1);
        }

        return result;
    }
}
