using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Archive.Query;

/// <summary>
/// The catalogue of attributes the registry can match on, and the attributes each level returns. One list
/// serves ingest (what to extract), the SQL compiler (which column) and the result writer (what to send).
/// </summary>
public static class IndexedAttributes
{
    public static IReadOnlyList<IndexedAttribute> All { get; } =
    [
        new(DicomTags.PatientID, DicomVR.LO, QueryLevel.Patient, "patient_id", ColumnKind.Text),
        new(DicomTags.IssuerOfPatientID, DicomVR.LO, QueryLevel.Patient, "issuer", ColumnKind.Text),
        new(DicomTags.PatientName, DicomVR.PN, QueryLevel.Patient, "patient_name", ColumnKind.PersonName, "patient_name_norm"),
        new(DicomTags.PatientBirthDate, DicomVR.DA, QueryLevel.Patient, "birth_date", ColumnKind.Date),
        new(DicomTags.PatientSex, DicomVR.CS, QueryLevel.Patient, "sex", ColumnKind.Text),

        new(DicomTags.StudyInstanceUID, DicomVR.UI, QueryLevel.Study, "study_uid", ColumnKind.Uid),
        new(DicomTags.StudyDate, DicomVR.DA, QueryLevel.Study, "study_date", ColumnKind.Date),
        new(DicomTags.StudyTime, DicomVR.TM, QueryLevel.Study, "study_time", ColumnKind.Time),
        new(DicomTags.AccessionNumber, DicomVR.SH, QueryLevel.Study, "accession_number", ColumnKind.Text),
        new(DicomTags.StudyID, DicomVR.SH, QueryLevel.Study, "study_id", ColumnKind.Text),
        new(DicomTags.ReferringPhysicianName, DicomVR.PN, QueryLevel.Study, "referring_physician", ColumnKind.PersonName, "referring_physician_norm"),
        new(DicomTags.StudyDescription, DicomVR.LO, QueryLevel.Study, "study_description", ColumnKind.Text),

        new(DicomTags.SeriesInstanceUID, DicomVR.UI, QueryLevel.Series, "series_uid", ColumnKind.Uid),
        new(DicomTags.Modality, DicomVR.CS, QueryLevel.Series, "modality", ColumnKind.Text),

        // "Any series of the study has this modality": a study-level key that matches the series table.
        new(DicomTags.ModalitiesInStudy, DicomVR.CS, QueryLevel.Series, "modality", ColumnKind.Text),
        new(DicomTags.SeriesNumber, DicomVR.IS, QueryLevel.Series, "series_number", ColumnKind.Text),
        new(DicomTags.SeriesDescription, DicomVR.LO, QueryLevel.Series, "series_description", ColumnKind.Text),
        new(DicomTags.BodyPartExamined, DicomVR.CS, QueryLevel.Series, "body_part", ColumnKind.Text),
        new(DicomTags.PerformedProcedureStepStartDate, DicomVR.DA, QueryLevel.Series, "pps_start_date", ColumnKind.Date),
        new(DicomTags.PerformedProcedureStepStartTime, DicomVR.TM, QueryLevel.Series, "pps_start_time", ColumnKind.Time),

        new(DicomTags.SOPInstanceUID, DicomVR.UI, QueryLevel.Instance, "sop_uid", ColumnKind.Uid),
        new(DicomTags.SOPClassUID, DicomVR.UI, QueryLevel.Instance, "sop_class_uid", ColumnKind.Uid),
        new(DicomTags.InstanceNumber, DicomVR.IS, QueryLevel.Instance, "instance_number", ColumnKind.Text),
    ];

    private static readonly Dictionary<DicomTag, IndexedAttribute> ByTag = All.ToDictionary(a => a.Tag);

    public static IndexedAttribute? Find(DicomTag tag) => ByTag.GetValueOrDefault(tag);

    /// <summary>Patient module attributes kept in the patient's and study's attribute JSON.</summary>
    public static IReadOnlyList<DicomTag> PatientLevelTags { get; } =
    [
        DicomTags.SpecificCharacterSet, DicomTags.PatientName, DicomTags.PatientID, DicomTags.IssuerOfPatientID,
        DicomTags.PatientBirthDate, DicomTags.PatientBirthTime, DicomTags.PatientSex, DicomTags.OtherPatientIDsSequence,
        DicomTags.OtherPatientNames, DicomTags.EthnicGroup, DicomTags.PatientComments,
    ];

    /// <summary>General Study and Patient Study module attributes kept in the study's attribute JSON.</summary>
    public static IReadOnlyList<DicomTag> StudyLevelTags { get; } =
    [
        DicomTags.SpecificCharacterSet, DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.AccessionNumber,
        DicomTags.IssuerOfAccessionNumberSequence, DicomTags.ReferringPhysicianName, DicomTags.TimezoneOffsetFromUTC,
        DicomTags.StudyDescription, DicomTags.ProcedureCodeSequence, DicomTags.NameOfPhysiciansReadingStudy,
        DicomTags.StudyInstanceUID, DicomTags.StudyID, DicomTags.PatientAge, DicomTags.PatientSize, DicomTags.PatientWeight,
        DicomTags.AdmittingDiagnosesDescription,
    ];

    /// <summary>General Series (and equipment) attributes kept in the series' attribute JSON.</summary>
    public static IReadOnlyList<DicomTag> SeriesLevelTags { get; } =
    [
        DicomTags.SpecificCharacterSet, DicomTags.SeriesDate, DicomTags.SeriesTime, DicomTags.Modality, DicomTags.Manufacturer,
        DicomTags.InstitutionName, DicomTags.StationName, DicomTags.SeriesDescription, DicomTags.PerformingPhysicianName,
        DicomTags.OperatorsName, DicomTags.ManufacturerModelName, DicomTags.BodyPartExamined, DicomTags.ProtocolName,
        DicomTags.SeriesInstanceUID, DicomTags.SeriesNumber, DicomTags.Laterality, DicomTags.FrameOfReferenceUID,
        DicomTags.PerformedProcedureStepStartDate, DicomTags.PerformedProcedureStepStartTime,
        DicomTags.PerformedProcedureStepID, DicomTags.PerformedProcedureStepDescription, DicomTags.RequestAttributesSequence,
        DicomTags.TimezoneOffsetFromUTC,
    ];

    /// <summary>True for a sequence the registry keeps in an entity's attribute JSON, so sequence matching can use it.</summary>
    public static bool IsStoredSequence(DicomTag tag) =>
        PatientLevelTags.Contains(tag) || StudyLevelTags.Contains(tag) || SeriesLevelTags.Contains(tag);

    /// <summary>The required return keys of each level (PS3.18 Tables 10.6.3-3 to 10.6.3-5).</summary>
    public static IReadOnlyList<DicomTag> RequiredReturnKeys(QueryLevel level) => level switch
    {
        QueryLevel.Patient =>
        [
            DicomTags.PatientName, DicomTags.PatientID, DicomTags.IssuerOfPatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex,
        ],
        QueryLevel.Study =>
        [
            DicomTags.SpecificCharacterSet, DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.AccessionNumber, DicomTags.InstanceAvailability,
            DicomTags.ModalitiesInStudy, DicomTags.ReferringPhysicianName, DicomTags.TimezoneOffsetFromUTC, DicomTags.RetrieveURL,
            DicomTags.PatientName, DicomTags.PatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex, DicomTags.StudyInstanceUID,
            DicomTags.StudyID, DicomTags.NumberOfStudyRelatedSeries, DicomTags.NumberOfStudyRelatedInstances,
        ],
        QueryLevel.Series =>
        [
            DicomTags.SpecificCharacterSet, DicomTags.Modality, DicomTags.TimezoneOffsetFromUTC, DicomTags.SeriesDescription,
            DicomTags.RetrieveURL, DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.SeriesNumber,
            DicomTags.NumberOfSeriesRelatedInstances, DicomTags.PerformedProcedureStepStartDate,
            DicomTags.PerformedProcedureStepStartTime, DicomTags.RequestAttributesSequence,
        ],
        _ =>
        [
            DicomTags.SpecificCharacterSet, DicomTags.SOPClassUID, DicomTags.SOPInstanceUID, DicomTags.InstanceAvailability,
            DicomTags.TimezoneOffsetFromUTC, DicomTags.RetrieveURL, DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID,
            DicomTags.InstanceNumber, DicomTags.Rows, DicomTags.Columns, DicomTags.BitsAllocated, DicomTags.NumberOfFrames,
        ],
    };
}
