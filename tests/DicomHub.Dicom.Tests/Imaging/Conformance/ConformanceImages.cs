using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;

namespace DicomHub.Dicom.Tests.Imaging.Conformance;

/// <summary>
/// The images of the codec conformance table (docs/conformance.md, "Pixel data codecs"): bit depths 8, 12, 16,
/// signed and unsigned, 1 and 3 samples, both planar configurations, multi-frame. Each name is a row of the
/// table; the pixels are <see cref="TestImages"/>' smooth phantom with edges and noise.
/// </summary>
internal static class ConformanceImages
{
    public const string Mono8 = "MONOCHROME2 8-bit";
    public const string Mono12 = "MONOCHROME2 12-bit";
    public const string Mono12Signed = "MONOCHROME2 12-bit signed";
    public const string Mono16 = "MONOCHROME2 16-bit";
    public const string Mono16Signed = "MONOCHROME2 16-bit signed";
    public const string Rgb8 = "RGB 8-bit planar 0";
    public const string Rgb8Planar = "RGB 8-bit planar 1";
    public const string MultiFrame = "MONOCHROME2 12-bit 3 frames";
    public const string Mono1 = "MONOCHROME1 8-bit";

    private const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";
    private const string MultiFrameSecondaryCapture = "1.2.840.10008.5.1.4.1.1.7.3";
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";

    public static ImageDescription Describe(string image) => image switch
    {
        Mono8 => TestImages.Mono(96, 120, 8, 8),
        Mono1 => TestImages.Mono(96, 120, 8, 8) with { PhotometricInterpretation = "MONOCHROME1" },
        Mono12 => TestImages.Mono(128, 112, 16, 12),
        Mono12Signed => TestImages.Mono(128, 112, 16, 12, signed: true),
        Mono16 => TestImages.Mono(100, 128, 16, 16),
        Mono16Signed => TestImages.Mono(100, 128, 16, 16, signed: true),
        Rgb8 => TestImages.Rgb(80, 96),
        Rgb8Planar => TestImages.Rgb(80, 96, planarConfiguration: 1),
        MultiFrame => TestImages.Mono(64, 80, 16, 12, frames: 3),
        _ => throw new ArgumentOutOfRangeException(nameof(image), image, "not a conformance image"),
    };

    /// <summary>A complete native instance of <paramref name="image"/> and its pixel bytes.</summary>
    public static (DicomDataset Dataset, byte[] Pixels, ImageDescription Description) Create(string image)
    {
        var description = Describe(image);
        var sopClass = description.NumberOfFrames > 1 ? MultiFrameSecondaryCapture
            : description.BitsAllocated == 16 ? CtImage : SecondaryCapture;
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTags.SOPClassUID, sopClass)
            .AddOrUpdate(DicomTags.SOPInstanceUID, DicomUid.Generate())
            .AddOrUpdate(DicomTags.StudyInstanceUID, DicomUid.Generate())
            .AddOrUpdate(DicomTags.SeriesInstanceUID, DicomUid.Generate())
            .AddOrUpdate(DicomTags.PatientID, "CODEC")
            .AddOrUpdate(DicomTags.Modality, sopClass == CtImage ? "CT" : "OT");
        description.ApplyTo(dataset);
        var pixels = TestImages.Frames(description, seed: image.Length);
        dataset.AddOrUpdate(new DicomElement(DicomTags.PixelData, PixelDataBuilder.NativeVR(description), pixels));
        return (dataset, pixels, description);
    }
}
