namespace DicomHub.Network.Dimse;

/// <summary>Which SOP classes a storage SCP treats as storage (PS3.4 B.5).</summary>
public static class StorageSopClasses
{
    /// <summary>Every storage SOP class lives under this root (PS3.6 Annex A).</summary>
    public const string Root = "1.2.840.10008.5.1.4.1.1.";

    /// <summary>
    /// By root rather than by the registry: a modality newer than our UID tables still gets its images
    /// stored, as storage SCPs such as DCMTK's storescp and Orthanc do when told to accept all storage.
    /// </summary>
    public static bool IsStorage(string uid) => uid.StartsWith(Root, StringComparison.Ordinal);
}
