namespace DicomHub.Bench.Reports;

/// <summary>
/// Table I of M. Mushtaq and S. Nayak, "DICOM Web HTTP Service over Traditional DICOM DIMSE Service" (RVCE,
/// Bangalore): export times over a 100 Mbit/s link, as printed. The paper gives no unit; the magnitudes
/// suggest milliseconds, and that is how we read them. Copied from shared/reference/paper-table1.csv.
/// </summary>
public static class PaperTable1
{
    public const string Citation = "Mushtaq & Nayak, \"DICOM Web HTTP Service over Traditional DICOM DIMSE Service\", Table I (times as printed, read as ms)";

    public static IReadOnlyList<PaperRow> Rows { get; } =
    [
        new("cr1", "CR", 1, 6, 12),
        new("ct38c", "CT Compressed", 38, 9, 3243),
        new("mr630", "MR", 630, 196, 17528),
        new("ct1000", "CT Uncompressed", 1000, 51, 9332),
        new("mr3813", "MR", 3813, 827, 98011),
    ];

    public static PaperRow? Find(string profile) => Rows.FirstOrDefault(r => string.Equals(r.Profile, profile, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One line of Table I; times in milliseconds.</summary>
public sealed record PaperRow(string Profile, string Modality, int Objects, double StowMilliseconds, double CStoreMilliseconds);
