using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Json;

/// <summary>What the bulk data callback is asked about: the element and the tags leading to it from the top data set.</summary>
public sealed record DicomJsonBulkData(DicomItem Item, IReadOnlyList<DicomTag> Path, long Length);

/// <summary>How <see cref="DicomJsonWriter"/> writes the DICOM JSON model (PS3.18 Annex F).</summary>
public sealed record DicomJsonWriterOptions
{
    public static DicomJsonWriterOptions Default { get; } = new();

    /// <summary>
    /// Called for every binary value (OB, OD, OF, OL, OV, OW, UN and encapsulated Pixel Data) at least
    /// <see cref="BulkDataMinimumLength"/> bytes long: return the URI to write as "BulkDataURI", or null to inline it
    /// as base64 "InlineBinary". Without a callback every binary value is inlined.
    /// </summary>
    public Func<DicomJsonBulkData, string?>? BulkDataUri { get; init; }

    /// <summary>Binary values shorter than this are always inlined (default 0: the callback sees every one).</summary>
    public long BulkDataMinimumLength { get; init; }

    /// <summary>
    /// Writes only the top-level attributes this accepts (what is inside a sequence is written whole); null
    /// writes them all. Lets a caller write a subset without building a copy of the data set for it.
    /// </summary>
    public Func<DicomTag, bool>? IncludeTopLevel { get; init; }

    /// <summary>Leave out group length elements (gggg,0000), which PS3.18 F.2 says JSON does not carry. Default true.</summary>
    public bool SkipGroupLengths { get; init; } = true;

    /// <summary>Indent the output (for people; off by default).</summary>
    public bool Indented { get; init; }
}
