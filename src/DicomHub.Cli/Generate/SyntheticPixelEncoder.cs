using DicomHub.Dicom.Data;

namespace DicomHub.Cli.Generate;

/// <summary>
/// Brings a freshly synthesised (native) data set into the profile's transfer syntax. Native syntaxes need
/// nothing. Compressed ones need the toolkit's transcoder; without it the data set stays native and the
/// returned syntax says so, and <see cref="SyntheticDataGenerator"/> reports the fallback.
/// </summary>
public static class SyntheticPixelEncoder
{
    public static (DicomDataset Dataset, TransferSyntax Syntax) Encode(DicomDataset dataset, TransferSyntax target)
    {
        if (!target.IsEncapsulated)
        {
            return (dataset, target);
        }

        return (dataset, TransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>The syntax files of <paramref name="target"/> are actually written in by this build.</summary>
    public static TransferSyntax Effective(TransferSyntax target) =>
        target.IsEncapsulated ? TransferSyntax.ExplicitVRLittleEndian : target;
}
