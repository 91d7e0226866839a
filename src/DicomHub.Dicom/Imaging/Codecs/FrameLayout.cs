using System.Buffers.Binary;

namespace DicomHub.Dicom.Imaging.Codecs;

/// <summary>
/// Sample shuffles the codecs share: colour-by-plane to colour-by-pixel and back, 8-bit samples widened
/// into 16-bit cells, samples masked to Bits Stored before a codec that codes only that many bits, and
/// two's complement sign extension from Bits Stored after it. Little-endian, as native frames are here.
/// </summary>
public static class FrameLayout
{
    /// <summary>R1R2..G1G2..B1B2.. to R1G1B1R2G2B2..; <paramref name="bytesPerSample"/> bytes moved as one sample.</summary>
    public static void PlanarToInterleaved(ReadOnlySpan<byte> planar, Span<byte> interleaved, int pixels, int samples, int bytesPerSample)
    {
        var plane = pixels * bytesPerSample;
        for (var s = 0; s < samples; s++)
        {
            var source = planar.Slice(s * plane, plane);
            for (var p = 0; p < pixels; p++)
            {
                source.Slice(p * bytesPerSample, bytesPerSample).CopyTo(interleaved[(((p * samples) + s) * bytesPerSample)..]);
            }
        }
    }

    /// <summary>R1G1B1R2G2B2.. to R1R2..G1G2..B1B2...</summary>
    public static void InterleavedToPlanar(ReadOnlySpan<byte> interleaved, Span<byte> planar, int pixels, int samples, int bytesPerSample)
    {
        var plane = pixels * bytesPerSample;
        for (var s = 0; s < samples; s++)
        {
            var target = planar.Slice(s * plane, plane);
            for (var p = 0; p < pixels; p++)
            {
                interleaved.Slice(((p * samples) + s) * bytesPerSample, bytesPerSample).CopyTo(target[(p * bytesPerSample)..]);
            }
        }
    }

    /// <summary>One byte per sample into 16-bit little-endian cells (a codec gave 8-bit samples for Bits Allocated 16).</summary>
    public static void Widen8To16(ReadOnlySpan<byte> bytes, Span<byte> words)
    {
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(words[(i * 2)..], bytes[i]);
        }
    }

    /// <summary>16-bit cells holding values below 256 into one byte per sample.</summary>
    public static void Narrow16To8(ReadOnlySpan<byte> words, Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = words[i * 2];
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> keeping only the low <paramref name="bitsStored"/> bits of each sample:
    /// what a codec that codes Bits Stored bits needs (sign bits above them would otherwise be out of range).
    /// </summary>
    public static void MaskToBitsStored(ReadOnlySpan<byte> source, Span<byte> destination, int bytesPerSample, int bitsStored)
    {
        if (bitsStored >= bytesPerSample * 8)
        {
            source.CopyTo(destination);
            return;
        }

        var mask = (1 << bitsStored) - 1;
        if (bytesPerSample == 1)
        {
            for (var i = 0; i < source.Length; i++)
            {
                destination[i] = (byte)(source[i] & mask);
            }

            return;
        }

        for (var i = 0; i + 1 < source.Length; i += 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[i..], (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(source[i..]) & mask));
        }
    }

    /// <summary>Two's complement values of <paramref name="bitsStored"/> bits sign-extended to the whole 8- or 16-bit cell, in place.</summary>
    public static void SignExtend(Span<byte> frame, int bytesPerSample, int bitsStored)
    {
        if (bitsStored >= bytesPerSample * 8)
        {
            return;
        }

        var shift = 32 - bitsStored;
        if (bytesPerSample == 1)
        {
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = (byte)((frame[i] << shift) >> shift);
            }

            return;
        }

        for (var i = 0; i + 1 < frame.Length; i += 2)
        {
            var value = BinaryPrimitives.ReadUInt16LittleEndian(frame[i..]);
            BinaryPrimitives.WriteInt16LittleEndian(frame[i..], (short)((value << shift) >> shift));
        }
    }
}
