using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.IO;

/// <summary>
/// Encoded sizes of items, data sets and sequences: what defined-length sequences and group length
/// elements need before their contents are written. Sizes are the same in little and big endian.
/// </summary>
internal static class DicomEncodedLength
{
    public static long Of(DicomDataset dataset, bool explicitVR)
    {
        long total = 0;
        foreach (var item in dataset)
        {
            total += Of(item, explicitVR);
        }

        return total;
    }

    /// <summary>The bytes (gggg,0000) counts: every element of the group after the group length itself.</summary>
    public static long OfGroup(DicomDataset dataset, ushort group, bool explicitVR)
    {
        long total = 0;
        foreach (var item in dataset)
        {
            if (item.Tag.Group == group && item.Tag.Element != 0)
            {
                total += Of(item, explicitVR);
            }
        }

        return total;
    }

    public static long Of(DicomItem item, bool explicitVR) => item switch
    {
        DicomElement element => HeaderSize(element.VR, explicitVR) + Padded(element.Length),
        DicomSequence sequence => HeaderSize(DicomVR.SQ, explicitVR) + SequenceContent(sequence, explicitVR),
        DicomFragmentSequence fragments => HeaderSize(DicomVR.OB, explicitVR) + FragmentsContent(fragments),
        _ => throw new NotSupportedException($"Unknown item type {item.GetType().Name}"),
    };

    public static long SequenceContent(DicomSequence sequence, bool explicitVR)
    {
        var undefinedItems = sequence.ItemsUndefinedLength ?? true;
        long total = sequence.UndefinedLength ?? true ? 8 : 0;
        foreach (var item in sequence.Items)
        {
            total += 8 + Of(item, explicitVR) + (undefinedItems ? 8 : 0);
        }

        return total;
    }

    public static int HeaderSize(DicomVR vr, bool explicitVR) =>
        explicitVR && (vr == DicomVR.None || vr.HasLongExplicitLength()) ? 12 : 8;

    public static long Padded(long length) => (length + 1) & ~1L;

    private static long FragmentsContent(DicomFragmentSequence fragments)
    {
        var total = 8 + Padded(fragments.BasicOffsetTable.Length) + 8;
        foreach (var fragment in fragments.Fragments)
        {
            total += 8 + Padded(fragment.Length);
        }

        return total;
    }
}
