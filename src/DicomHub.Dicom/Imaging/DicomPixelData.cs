using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Imaging;

/// <summary>
/// Frame-by-frame access to the Pixel Data (7FE0,0010) of a data set, native or encapsulated. Frames are
/// read one at a time, so a large multi-frame value left on disk is never loaded whole.
/// </summary>
public abstract class DicomPixelData
{
    private protected DicomPixelData(ImageDescription description) => Description = description;

    public ImageDescription Description { get; }

    public int FrameCount => Description.NumberOfFrames;

    /// <summary>True for fragments (compressed or encapsulated uncompressed frames), false for one native value.</summary>
    public abstract bool IsEncapsulated { get; }

    /// <summary>The Pixel Data of <paramref name="dataset"/>; throws <see cref="DicomImagingException"/> when there is none or the description is unusable.</summary>
    public static DicomPixelData FromDataset(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var item = dataset[DicomTags.PixelData]
            ?? throw new DicomImagingException("The data set has no Pixel Data (7FE0,0010).");
        var description = ImageDescription.FromDataset(dataset);
        return item switch
        {
            DicomElement element => new NativePixelData(description, element),
            DicomFragmentSequence fragments => new EncapsulatedPixelData(description, fragments, ExtendedOffsets(dataset)),
            _ => throw new DicomImagingException($"Pixel Data (7FE0,0010) is a {item.GetType().Name}, neither a value nor fragments."),
        };
    }

    /// <summary>
    /// One frame: native bytes for native data (exactly <see cref="ImageDescription.FrameLength"/>, 1-bit frames
    /// realigned to start at bit 0), the compressed bytes for encapsulated data (possibly with trailing padding).
    /// </summary>
    public abstract ValueTask<ReadOnlyMemory<byte>> ReadFrameAsync(int frame, CancellationToken cancellationToken = default);

    private protected void CheckFrameIndex(int frame)
    {
        if ((uint)frame >= (uint)FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"The image has {FrameCount} frame(s), numbered from 0.");
        }
    }

    private static ExtendedOffsetTable? ExtendedOffsets(DicomDataset dataset)
    {
        if (dataset[DicomTags.ExtendedOffsetTable] is not DicomElement offsets || offsets.Length == 0)
        {
            return null;
        }

        var lengths = dataset[DicomTags.ExtendedOffsetTableLengths] as DicomElement;
        return ExtendedOffsetTable.Read(offsets.Buffer.Memory.Span, lengths is null ? [] : lengths.Buffer.Memory.Span);
    }
}
