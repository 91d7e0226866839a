using DicomHub.Dicom.Data;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Scu;

/// <summary>
/// What a retrieving SCU proposes. C-MOVE needs only the MOVE SOP classes. C-GET also needs a storage context
/// for every SOP class that may come back, each with a Role Selection item taking the SCP role (PS3.7
/// D.3.3.4): the common image classes get one context per syntax they are often stored in (so they arrive
/// unconverted), the others the native syntaxes.
/// </summary>
public static class RetrievePresentationContexts
{
    public static IReadOnlyList<string> ImageStorageSopClasses { get; } =
    [
        DicomUids.CTImageStorage, DicomUids.EnhancedCTImageStorage, DicomUids.MRImageStorage, DicomUids.EnhancedMRImageStorage,
        DicomUids.ComputedRadiographyImageStorage, DicomUids.DigitalXRayImageStorageForPresentation,
        DicomUids.DigitalMammographyXRayImageStorageForPresentation, DicomUids.UltrasoundImageStorage, DicomUids.SecondaryCaptureImageStorage,
        DicomUids.XRayAngiographicImageStorage, DicomUids.NuclearMedicineImageStorage, DicomUids.PositronEmissionTomographyImageStorage,
        DicomUids.RTImageStorage,
    ];

    public static IReadOnlyList<string> OtherStorageSopClasses { get; } =
    [
        DicomUids.EncapsulatedPDFStorage, DicomUids.KeyObjectSelectionDocumentStorage, DicomUids.BasicTextSRStorage, DicomUids.EnhancedSRStorage,
        DicomUids.ComprehensiveSRStorage, DicomUids.GrayscaleSoftcopyPresentationStateStorage, DicomUids.RTStructureSetStorage,
        DicomUids.RTDoseStorage, DicomUids.RTPlanStorage,
    ];

    /// <summary>Compressed syntaxes proposed (each alone) for image classes, besides Explicit/Implicit VR Little Endian.</summary>
    public static IReadOnlyList<TransferSyntax> ImageSyntaxes { get; } =
    [
        TransferSyntax.JPEGLosslessSV1, TransferSyntax.RLELossless, TransferSyntax.JPEG2000Lossless, TransferSyntax.JPEGBaseline8Bit,
    ];

    private static readonly string[] Native = [TransferSyntax.ExplicitVRLittleEndian.Uid, TransferSyntax.ImplicitVRLittleEndian.Uid];

    public static IReadOnlyList<PresentationContextRequestItem> ForMove() =>
    [
        new(1, DicomUids.StudyRootQueryRetrieveInformationModelMove, Native),
        new(3, DicomUids.PatientRootQueryRetrieveInformationModelMove, Native),
    ];

    /// <summary>The GET SOP classes, storage contexts for <paramref name="storageSopClasses"/> (default: the lists above) and their role selections.</summary>
    public static (IReadOnlyList<PresentationContextRequestItem> Contexts, IReadOnlyList<RoleSelectionItem> Roles) ForGet(IEnumerable<string>? storageSopClasses = null)
    {
        var contexts = new List<PresentationContextRequestItem>
        {
            new(1, DicomUids.StudyRootQueryRetrieveInformationModelGet, Native),
            new(3, DicomUids.PatientRootQueryRetrieveInformationModelGet, Native),
        };
        var roles = new List<RoleSelectionItem>();
        byte id = 5;
        void Add(string sopClass, IReadOnlyList<string> syntaxes)
        {
            if (contexts.Count >= PresentationContextPlanner.MaxContexts)
            {
                throw new InvalidOperationException($"More than {PresentationContextPlanner.MaxContexts} presentation contexts for C-GET: name fewer storage SOP classes.");
            }

            contexts.Add(new PresentationContextRequestItem(id, sopClass, syntaxes));
            id += 2;
        }

        var images = new HashSet<string>(ImageStorageSopClasses, StringComparer.Ordinal);
        foreach (var sopClass in (storageSopClasses ?? [.. ImageStorageSopClasses, .. OtherStorageSopClasses]).Distinct(StringComparer.Ordinal))
        {
            Add(sopClass, Native);
            if (images.Contains(sopClass))
            {
                foreach (var syntax in ImageSyntaxes)
                {
                    Add(sopClass, [syntax.Uid]);
                }
            }

            // We take the SCP role only: the SCU role for storage is not needed to retrieve.
            roles.Add(new RoleSelectionItem(sopClass, ScuRole: false, ScpRole: true));
        }

        return (contexts, roles);
    }
}
