using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;

namespace DicomHub.Dicom.IO;

/// <summary>
/// Encodes data sets into a <see cref="DicomOutput"/> in one of the three uncompressed encodings (implicit
/// VR LE, explicit VR LE, explicit VR BE). Group length elements present in the data set are recomputed,
/// sequences keep the length style they were read with (undefined by default), odd values are padded.
/// </summary>
internal sealed class DicomDatasetEncoder(DicomOutput output, bool explicitVR, bool bigEndian, bool allowFragments)
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    public async ValueTask WriteDatasetAsync(DicomDataset dataset, CancellationToken cancellationToken)
    {
        foreach (var item in dataset)
        {
            switch (item)
            {
                case DicomElement element when element.Tag.IsGroupLength && element.Length == 4:
                    await WriteGroupLengthAsync(dataset, element, cancellationToken).ConfigureAwait(false);
                    break;
                case DicomElement element:
                    await WriteElementAsync(element, cancellationToken).ConfigureAwait(false);
                    break;
                case DicomSequence sequence:
                    await WriteSequenceAsync(sequence, cancellationToken).ConfigureAwait(false);
                    break;
                case DicomFragmentSequence fragments:
                    await WriteFragmentsAsync(fragments, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async ValueTask WriteGroupLengthAsync(DicomDataset dataset, DicomElement element, CancellationToken cancellationToken)
    {
        var length = DicomEncodedLength.OfGroup(dataset, element.Tag.Group, explicitVR);
        await output.EnsureAsync(16, cancellationToken).ConfigureAwait(false);
        WriteHeader(element.Tag, DicomVR.UL, 4);
        WriteUInt32(output.Take(4), checked((uint)length));
    }

    private async ValueTask WriteElementAsync(DicomElement element, CancellationToken cancellationToken)
    {
        var vr = element.VR == DicomVR.None ? DicomVR.UN : element.VR;
        var padded = DicomEncodedLength.Padded(element.Length);
        if (explicitVR && !vr.HasLongExplicitLength() && padded > ushort.MaxValue)
        {
            throw new InvalidOperationException($"{element.Tag} {vr.Code()} holds {element.Length} bytes, more than the 65534 an explicit VR {vr.Code()} length can express: shorten the value or use a VR with a 32-bit length (UT, UC, OB).");
        }

        if (padded >= UndefinedLength)
        {
            throw new InvalidOperationException($"{element.Tag} holds {element.Length} bytes, more than a DICOM length field can express.");
        }

        await output.EnsureAsync(12, cancellationToken).ConfigureAwait(false);
        WriteHeader(element.Tag, vr, (uint)padded);
        if (element.Length > 0)
        {
            await output.WriteValueAsync(element.Buffer, bigEndian ? vr.UnitSize() : 1, vr.PaddingByte(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask WriteSequenceAsync(DicomSequence sequence, CancellationToken cancellationToken)
    {
        var undefinedSequence = sequence.UndefinedLength ?? true;
        var undefinedItems = sequence.ItemsUndefinedLength ?? true;
        var length = undefinedSequence ? UndefinedLength : CheckedLength(DicomEncodedLength.SequenceContent(sequence, explicitVR), sequence.Tag);
        await output.EnsureAsync(12, cancellationToken).ConfigureAwait(false);
        WriteHeader(sequence.Tag, DicomVR.SQ, length);
        foreach (var item in sequence.Items)
        {
            var itemLength = undefinedItems ? UndefinedLength : CheckedLength(DicomEncodedLength.Of(item, explicitVR), sequence.Tag);
            await output.EnsureAsync(8, cancellationToken).ConfigureAwait(false);
            WriteHeader(DicomTag.Item, DicomVR.None, itemLength);
            await WriteDatasetAsync(item, cancellationToken).ConfigureAwait(false);
            if (undefinedItems)
            {
                await output.EnsureAsync(8, cancellationToken).ConfigureAwait(false);
                WriteHeader(DicomTag.ItemDelimitationItem, DicomVR.None, 0);
            }
        }

        if (undefinedSequence)
        {
            await output.EnsureAsync(8, cancellationToken).ConfigureAwait(false);
            WriteHeader(DicomTag.SequenceDelimitationItem, DicomVR.None, 0);
        }
    }

    private async ValueTask WriteFragmentsAsync(DicomFragmentSequence fragments, CancellationToken cancellationToken)
    {
        if (!allowFragments)
        {
            throw new InvalidOperationException($"{fragments.Tag} is encapsulated (compressed) but the transfer syntax is not: decompress the pixel data or write with its compressed transfer syntax.");
        }

        await output.EnsureAsync(12, cancellationToken).ConfigureAwait(false);
        WriteHeader(fragments.Tag, fragments.VR, UndefinedLength);
        await WriteFragmentAsync(fragments.BasicOffsetTable, cancellationToken).ConfigureAwait(false);
        foreach (var fragment in fragments.Fragments)
        {
            await WriteFragmentAsync(fragment, cancellationToken).ConfigureAwait(false);
        }

        await output.EnsureAsync(8, cancellationToken).ConfigureAwait(false);
        WriteHeader(DicomTag.SequenceDelimitationItem, DicomVR.None, 0);
    }

    private async ValueTask WriteFragmentAsync(IByteBuffer fragment, CancellationToken cancellationToken)
    {
        await output.EnsureAsync(8, cancellationToken).ConfigureAwait(false);
        WriteHeader(DicomTag.Item, DicomVR.None, CheckedLength(DicomEncodedLength.Padded(fragment.Length), DicomDatasetParser.PixelData));
        if (fragment.Length > 0)
        {
            await output.WriteValueAsync(fragment, 1, 0, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes tag, VR (explicit only, never for item tags) and length into ensured buffer space.</summary>
    private void WriteHeader(DicomTag tag, DicomVR vr, uint length)
    {
        var isItemTag = tag.Group == 0xFFFE;
        if (!explicitVR || isItemTag)
        {
            var span = output.Take(8);
            WriteTag(span, tag);
            WriteUInt32(span[4..], length);
            return;
        }

        if (vr.HasLongExplicitLength())
        {
            var span = output.Take(12);
            WriteTag(span, tag);
            span[4] = (byte)((ushort)vr >> 8);
            span[5] = (byte)vr;
            span[6] = 0;
            span[7] = 0;
            WriteUInt32(span[8..], length);
        }
        else
        {
            var span = output.Take(8);
            WriteTag(span, tag);
            span[4] = (byte)((ushort)vr >> 8);
            span[5] = (byte)vr;
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)length);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)length);
            }
        }
    }

    private void WriteTag(Span<byte> span, DicomTag tag)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, tag.Group);
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], tag.Element);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, ((uint)tag.Element << 16) | tag.Group);
        }
    }

    private void WriteUInt32(Span<byte> span, uint value)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }
    }

    private static uint CheckedLength(long length, DicomTag tag) => length < UndefinedLength
        ? (uint)length
        : throw new InvalidOperationException($"{tag} encodes to {length} bytes, more than a defined length can express: write it with undefined length.");
}
