namespace DicomHub.Network.Dimse;

/// <summary>The few UIDs the network layer needs by name (PS3.6 Annex A).</summary>
public static class DicomUids
{
    public const string Verification = "1.2.840.10008.1.1";

    /// <summary>Every storage SOP class lives under this root (PS3.4 B.5; PS3.6 Annex A).</summary>
    public const string StorageSopClassRoot = "1.2.840.10008.5.1.4.1.1.";

    /// <summary>Patient Root Query/Retrieve Information Model - FIND (PS3.4 C.6.1.1).</summary>
    public const string PatientRootQueryRetrieveFind = "1.2.840.10008.5.1.4.1.2.1.1";

    /// <summary>Study Root Query/Retrieve Information Model - FIND (PS3.4 C.6.2.1).</summary>
    public const string StudyRootQueryRetrieveFind = "1.2.840.10008.5.1.4.1.2.2.1";

    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public const string SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";

    /// <summary>DicomHub's Implementation Class UID (PS3.7 D.3.3.2), a fixed 2.25 UUID-derived UID.</summary>
    public const string ImplementationClassUid = "2.25.286579863510420078166188352610546626049";

    public const string ImplementationVersionName = "DICOMHUB_1";

    public static bool IsStorageSopClass(string uid) => uid.StartsWith(StorageSopClassRoot, StringComparison.Ordinal);
}
