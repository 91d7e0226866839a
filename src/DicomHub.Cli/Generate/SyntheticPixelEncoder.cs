using System.Buffers;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.Imaging.Codecs;

namespace DicomHub.Cli.Generate;

/// <summary>
/// Brings a freshly synthesised (native) data set into the profile's transfer syntax: native syntaxes need
/// nothing; compressed ones go through the toolkit's codec for that syntax, one fragment per frame. A
/// syntax without a codec in this build falls back to Explicit VR Little Endian, and the returned syntax
/// says so.
/// </summary>
public static class SyntheticPixelEncoder
{
    public static (DicomDataset Dataset, TransferSyntax Syntax) Encode(DicomDataset dataset, TransferSyntax target)
    {
        if (!target.IsEncapsulated)
        {
            return (dataset, target);
        }

        if (!CodecRegistry.Default.TryGet(target, out var codec) || dataset[DicomTags.PixelData] is not DicomElement pixels)
        {
            return (dataset, TransferSyntax.ExplicitVRLittleEndian);
        }

        var output = new ArrayBufferWriter<byte>((int)pixels.Length / 2);
        codec.Encode(pixels.Buffer.Memory.Span, ImageDescription.FromDataset(dataset), output);
        PixelDataBuilder.SetEncapsulated(dataset, [output.WrittenMemory]);
        return (dataset, target);
    }

    /// <summary>The syntax files of <paramref name="target"/> are actually written in by this build.</summary>
    public static TransferSyntax Effective(TransferSyntax target) =>
        !target.IsEncapsulated || CodecRegistry.Default.TryGet(target, out _) ? target : TransferSyntax.ExplicitVRLittleEndian;
}
