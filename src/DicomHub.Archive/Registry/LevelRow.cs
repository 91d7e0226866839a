namespace DicomHub.Archive.Registry;

/// <summary>One level's row: indexed column values (names from the query catalogue) and its attributes in DICOM JSON.</summary>
public sealed record LevelRow(IReadOnlyDictionary<string, string> Columns, string AttributesJson);
