using DicomHub.Dicom.Data;

namespace DicomHub.Cli.Generate;

/// <summary>The kind of image a profile makes; decides the SOP class, the modules and the phantom.</summary>
public enum SyntheticModality
{
    CT,
    MR,
    CR,
}

/// <summary>
/// One data set of the paper's Table I: how many studies, series and images, their size and encoding.
/// <see cref="Layout"/> lists, per study, the number of images of each of its series.
/// </summary>
public sealed record SyntheticProfile(
    string Name,
    string Description,
    SyntheticModality Modality,
    int Rows,
    int Columns,
    int[][] Layout,
    bool OnePatientPerStudy,
    TransferSyntax TransferSyntax)
{
    public int StudyCount => Layout.Length;

    public int SeriesCount => Layout.Sum(study => study.Length);

    public int InstanceCount => Layout.Sum(study => study.Sum());

    /// <summary>Uncompressed pixel bytes of one image (16 bits allocated).</summary>
    public long PixelBytesPerImage => (long)Rows * Columns * 2;
}

/// <summary>The profiles reproducing Table I (shared/reference/paper-table1.csv).</summary>
public static class SyntheticProfiles
{
    public static SyntheticProfile Cr1 { get; } = new(
        "cr1", "1 CR image, 2500x2048, 16-bit (one series of one image)", SyntheticModality.CR, 2500, 2048,
        [[1]], OnePatientPerStudy: true, TransferSyntax.ExplicitVRLittleEndian);

    /// <summary>
    /// Table I's compressed CT: JPEG Lossless SV1 once the toolkit has the encoder (see
    /// <see cref="SyntheticPixelEncoder"/>); uncompressed until then.
    /// </summary>
    public static SyntheticProfile Ct38c { get; } = new(
        "ct38c", "38 CT 512x512 slices in 2 studies, JPEG Lossless SV1", SyntheticModality.CT, 512, 512,
        [[19], [19]], OnePatientPerStudy: false, TransferSyntax.JPEGLosslessSV1);

    public static SyntheticProfile Mr630 { get; } = new(
        "mr630", "630 MR 256x256 images, 14 series, 1 study", SyntheticModality.MR, 256, 256,
        [Enumerable.Repeat(45, 14).ToArray()], OnePatientPerStudy: true, TransferSyntax.ExplicitVRLittleEndian);

    public static SyntheticProfile Ct1000 { get; } = new(
        "ct1000", "1000 CT 512x512 uncompressed, 10 studies x 10 series x 10 images", SyntheticModality.CT, 512, 512,
        Enumerable.Range(0, 10).Select(_ => Enumerable.Repeat(10, 10).ToArray()).ToArray(), OnePatientPerStudy: true,
        TransferSyntax.ExplicitVRLittleEndian);

    public static SyntheticProfile Mr3813 { get; } = new(
        "mr3813", "3813 MR 256x256 images in 2 series", SyntheticModality.MR, 256, 256,
        [[1907, 1906]], OnePatientPerStudy: true, TransferSyntax.ExplicitVRLittleEndian);

    public static IReadOnlyList<SyntheticProfile> All { get; } = [Cr1, Ct38c, Mr630, Ct1000, Mr3813];

    public static SyntheticProfile? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
