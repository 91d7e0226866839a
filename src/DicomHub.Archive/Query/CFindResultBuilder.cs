using System.Text.Json;
using DicomHub.Archive.Registry;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Json;

namespace DicomHub.Archive.Query;

/// <summary>
/// Builds a C-FIND response identifier from a query row: the same attributes QIDO-RS renders (through
/// <see cref="QueryResultWriter"/>, so both protocols return identical values), cut to the keys the request
/// asked for, each present (zero length when the archive has no value, PS3.4 C.4.1.1.3.2), plus Query/Retrieve
/// Level and Specific Character Set.
/// </summary>
public static class CFindResultBuilder
{
    public static DicomDataset Build(DicomDataset identifier, QueryRequest request, QueryRow row)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            QueryResultWriter.Write(writer, request, [row], string.Empty);
        }

        var found = DicomJsonReader.ReadMany(JsonDocument.Parse(buffer.ToArray()).RootElement)[0];
        var result = new DicomDataset();
        foreach (var item in identifier)
        {
            var tag = item.Tag;
            if (tag.Group == 0x0000 || tag == DicomTags.QueryRetrieveLevel || tag == DicomTags.SpecificCharacterSet)
            {
                continue;
            }

            result.AddOrUpdate(found[tag] ?? Empty(item));
        }

        result.AddOrUpdate(DicomTags.QueryRetrieveLevel, DicomVR.CS, CFindIdentifier.LevelName(request.Level));

        // The JSON reader marks UTF-8 text with ISO_IR 192; plain ASCII needs no set, but the key is always returned.
        result.AddOrUpdate(found[DicomTags.SpecificCharacterSet] is DicomElement charset && charset.Length > 0
            ? charset
            : new DicomElement(DicomTags.SpecificCharacterSet, DicomVR.CS, Array.Empty<byte>()));
        return result;
    }

    private static DicomItem Empty(DicomItem requested) => requested switch
    {
        DicomSequence sequence => new DicomSequence(sequence.Tag),
        _ => new DicomElement(requested.Tag, requested.VR, Array.Empty<byte>()),
    };
}
