namespace DicomHub.Testing;

/// <summary>
/// Where an archive's data folder holds staged, uncommitted blobs: "*.part" files beside the committed blobs
/// (blobs/xx/), and anything in tmp/, where earlier versions staged. Tests assert this is empty after a
/// failure so that nothing half-written is left behind.
/// </summary>
public static class StagedBlobs
{
    public static string[] In(string dataDirectory)
    {
        var blobs = Path.Combine(dataDirectory, "blobs");
        var legacy = Path.Combine(dataDirectory, "tmp");
        var staged = Directory.Exists(blobs) ? Directory.GetFiles(blobs, "*.part", SearchOption.AllDirectories) : [];
        return [.. staged, .. Directory.Exists(legacy) ? Directory.GetFiles(legacy) : []];
    }
}
