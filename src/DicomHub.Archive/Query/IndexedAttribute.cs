using DicomHub.Dicom.Data;

namespace DicomHub.Archive.Query;

/// <summary>How a column compares: decides case rules, wildcard and range support.</summary>
public enum ColumnKind
{
    /// <summary>Exact, case-sensitive text (CS, SH, LO...).</summary>
    Text,

    /// <summary>Person Name: matched case-insensitively on an upper-cased copy, fuzzy matching allowed.</summary>
    PersonName,

    /// <summary>DA as YYYYMMDD: ranges compare as strings.</summary>
    Date,

    /// <summary>TM normalised to HHMMSS.ffffff: ranges compare as strings.</summary>
    Time,

    /// <summary>UI: single value or list, never wildcards.</summary>
    Uid,
}

/// <summary>An attribute the registry indexes: the level it belongs to and the column that holds it.</summary>
/// <param name="NormalizedColumn">For PN, the upper-cased copy used for matching.</param>
public sealed record IndexedAttribute(DicomTag Tag, DicomVR VR, QueryLevel Level, string Column, ColumnKind Kind, string? NormalizedColumn = null);
