namespace DicomHub.Dicom.Documents;

/// <summary>
/// Identity of an instance the toolkit makes (a wrapped PDF, a manifest): new UIDs by default, fixed ones for
/// reproducible tests; <see cref="Now"/> fills the content and creation dates.
/// </summary>
public sealed record NewInstanceOptions
{
    public string? SeriesInstanceUid { get; init; }

    public string? SopInstanceUid { get; init; }

    /// <summary>Series Number of the new series; high so that it sorts after the acquired series.</summary>
    public int SeriesNumber { get; init; } = 9001;

    public int InstanceNumber { get; init; } = 1;

    public string? SeriesDescription { get; init; }

    /// <summary>UID root for new UIDs (null: the 2.25 UUID form).</summary>
    public string? UidRoot { get; init; }

    public DateTimeOffset? Now { get; init; }

    internal DateTime LocalNow => (Now ?? DateTimeOffset.Now).DateTime;

    internal string NewSeriesUid() => SeriesInstanceUid ?? Data.DicomUid.Generate(UidRoot);

    internal string NewSopUid() => SopInstanceUid ?? Data.DicomUid.Generate(UidRoot);
}
