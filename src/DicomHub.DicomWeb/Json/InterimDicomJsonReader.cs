using System.Globalization;
using System.Text.Json;
using DicomHub.Dicom.Data;

namespace DicomHub.DicomWeb.Json;

/// <summary>
/// Just enough of the DICOM JSON model (PS3.18 F.2) to read STOW-RS responses, QIDO-RS results and WADO-RS
/// metadata into data sets: string, number, PN, AT, SQ and InlineBinary values. BulkDataURI values are left
/// out. Interim: the toolkit's DicomHub.Dicom.Json reader replaces it once it is on main.
/// </summary>
internal static class InterimDicomJsonReader
{
    /// <summary>Reads a JSON array of data sets (QIDO-RS, /metadata) or a single data set (STOW-RS).</summary>
    public static async Task<IReadOnlyList<DicomDataset>> ReadAsync(Stream json, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(json, default, cancellationToken).ConfigureAwait(false);
        return document.RootElement.ValueKind switch
        {
            JsonValueKind.Array => document.RootElement.EnumerateArray().Select(ReadDataset).ToList(),
            JsonValueKind.Object => [ReadDataset(document.RootElement)],
            _ => throw new JsonException($"a DICOM JSON body is an object or an array of objects, not a {document.RootElement.ValueKind}"),
        };
    }

    public static DicomDataset ReadDataset(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"a DICOM JSON data set is an object, not a {json.ValueKind}");
        }

        var dataset = new DicomDataset();

        // Keys are sorted, so Specific Character Set (00080005) is set before the text it governs.
        foreach (var property in json.EnumerateObject().OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (!DicomTag.TryParse(property.Name, out var tag))
            {
                throw new JsonException($"'{property.Name}' is not a DICOM JSON attribute tag (8 hex digits)");
            }

            AddAttribute(dataset, tag, property.Value);
        }

        return dataset;
    }

    private static void AddAttribute(DicomDataset dataset, DicomTag tag, JsonElement attribute)
    {
        if (!attribute.TryGetProperty("vr", out var vrProperty) || !DicomVRExtensions.TryParse(vrProperty.GetString(), out var vr))
        {
            throw new JsonException($"attribute {tag} has no valid \"vr\"");
        }

        if (attribute.TryGetProperty("InlineBinary", out var inline))
        {
            dataset.AddOrUpdate(tag, vr, inline.GetBytesFromBase64());
            return;
        }

        var hasValue = attribute.TryGetProperty("Value", out var value) && value.ValueKind == JsonValueKind.Array;
        if (vr == DicomVR.SQ)
        {
            var items = hasValue ? value.EnumerateArray().Select(ReadDataset) : [];
            dataset.AddOrUpdate(new DicomSequence(tag, items));
            return;
        }

        if (!hasValue)
        {
            dataset.AddOrUpdate(new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty));
            return;
        }

        var texts = value.EnumerateArray().Select(v => ValueText(vr, v)).ToArray();
        if (!vr.IsString() && vr != DicomVR.AT && texts.Any(string.IsNullOrEmpty))
        {
            // A null among binary numbers has no encoding: keep the numbers that are there.
            texts = texts.Where(t => !string.IsNullOrEmpty(t)).ToArray();
        }

        dataset.AddOrUpdate(tag, vr, texts);
    }

    private static string ValueText(DicomVR vr, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => string.Empty,
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Object when vr == DicomVR.PN => PersonNameText(value),
        _ => throw new JsonException($"a {vr.Code()} value cannot be {value.ValueKind}"),
    };

    private static string PersonNameText(JsonElement name)
    {
        string Group(string key) => name.TryGetProperty(key, out var group) ? group.GetString() ?? string.Empty : string.Empty;

        return string.Join('=', Group("Alphabetic"), Group("Ideographic"), Group("Phonetic")).TrimEnd('=');
    }

    /// <summary>A US/UL/etc. value of a parsed data set as an integer, for status and reason codes.</summary>
    public static int? GetInteger(DicomDataset dataset, DicomTag tag) =>
        dataset.GetStrings(tag) is [var first, ..] && int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}
