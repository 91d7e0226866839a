using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Documents;

/// <summary>
/// The Patient and General Study module attributes a new instance of an existing study copies from it, so that a
/// report or manifest added later files under the same patient and study as the images (PS3.3 C.7.1.1, C.7.2.1).
/// </summary>
public static class StudyAttributes
{
    /// <summary>Copied when present; the Type 2 ones are written empty when the study does not have them.</summary>
    public static IReadOnlyList<DicomTag> Tags { get; } =
    [
        DicomTags.PatientName, DicomTags.PatientID, DicomTags.IssuerOfPatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex,
        DicomTags.StudyInstanceUID, DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.ReferringPhysicianName, DicomTags.StudyID,
        DicomTags.AccessionNumber, DicomTags.StudyDescription,
    ];

    private static readonly DicomTag[] TypeTwo =
    [
        DicomTags.PatientName, DicomTags.PatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex, DicomTags.StudyDate,
        DicomTags.StudyTime, DicomTags.ReferringPhysicianName, DicomTags.StudyID, DicomTags.AccessionNumber,
    ];

    /// <summary>
    /// Copies the attributes of <paramref name="study"/> (a stored instance, a QIDO-RS or C-FIND study match) into
    /// <paramref name="target"/> byte for byte, with its Specific Character Set so the text keeps its meaning.
    /// </summary>
    public static void CopyTo(DicomDataset study, DicomDataset target)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(target);
        var studyUid = study.GetString(DicomTags.StudyInstanceUID)?.Trim();
        if (!DicomUid.IsValid(studyUid))
        {
            throw new DicomDocumentException("The study attributes have no valid Study Instance UID (0020,000D): the new instance would belong to no study.");
        }

        if (study[DicomTags.SpecificCharacterSet] is DicomElement characterSet)
        {
            target.AddOrUpdate(characterSet);
        }

        foreach (var tag in Tags)
        {
            if (study[tag] is DicomElement element)
            {
                target.AddOrUpdate(new DicomElement(tag, DicomDictionary.Default.DefaultVR(tag), element.Buffer));
            }
        }

        foreach (var tag in TypeTwo.Where(t => !target.Contains(t)))
        {
            target.AddOrUpdate(new DicomElement(tag, DicomDictionary.Default.DefaultVR(tag), ReadOnlyMemory<byte>.Empty));
        }
    }
}
