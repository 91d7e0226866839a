namespace DicomHub.Dicom.IO;

/// <summary>How DicomHub names itself in the files it writes (File Meta Information, PS3.7 D.3.3.2).</summary>
public static class DicomImplementation
{
    /// <summary>
    /// DicomHub's Implementation Class UID: "2.25." followed by a UUID fixed once for this project
    /// (c7a4b2e0-5d1f-4e8a-9b3c-0d1e2f3a4b5c as a decimal number), so it never changes between builds.
    /// </summary>
    public const string ClassUid = "2.25.265371535890835777146699010856193772380";

    /// <summary>Implementation Version Name (0002,0013): at most 16 characters.</summary>
    public const string VersionName = "DICOMHUB_1";
}
