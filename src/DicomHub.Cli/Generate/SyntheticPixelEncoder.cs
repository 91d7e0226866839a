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
public sealed class SyntheticPixelEncoder(CodecRegistry codecs)
{
    public (DicomDataset Dataset, TransferSyntax Syntax) Encode(DicomDataset dataset, TransferSyntax target)
    {
        if (!target.IsEncapsulated)
        {
            return (dataset, target);
        }

        if (!codecs.TryGet(target, out var codec) || !codec.CanEncode || dataset[DicomTags.PixelData] is not DicomElement pixels)
        {
            return (dataset, TransferSyntax.ExplicitVRLittleEndian);
        }

        var output = new ArrayBufferWriter<byte>((int)pixels.Length / 2);
        var description = ImageDescription.FromDataset(dataset);
        var encoded = codec.Encode(pixels.Buffer.Memory.Span, description, CodecParameters.Default, output);
        PixelDataBuilder.SetEncapsulated(dataset, [output.WrittenMemory]);
        if (encoded.PhotometricInterpretation != description.PhotometricInterpretation)
        {
            dataset.AddOrUpdate(DicomTags.PhotometricInterpretation, encoded.PhotometricInterpretation);
        }
        return (dataset, target);
    }

    /// <summary>The syntax files of <paramref name="target"/> are actually written in by this build.</summary>
    public TransferSyntax Effective(TransferSyntax target) =>
        !target.IsEncapsulated || (codecs.TryGet(target, out var codec) && codec.CanEncode) ? target : TransferSyntax.ExplicitVRLittleEndian;
}
