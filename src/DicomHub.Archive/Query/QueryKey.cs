using DicomHub.Dicom.Data;

namespace DicomHub.Archive.Query;

/// <summary>One matching key: an attribute and how it must match.</summary>
public sealed record QueryKey(DicomTag Tag, MatchCondition Condition);
