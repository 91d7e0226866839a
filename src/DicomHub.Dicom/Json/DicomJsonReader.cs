using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Json;

/// <summary>
/// Reads the DICOM JSON model (PS3.18 Annex F) back into <see cref="DicomDataset"/>s. DS and IS keep the exact text
/// of their JSON numbers; "InlineBinary" is decoded; a "BulkDataURI" becomes an element whose buffer is a
/// <see cref="BulkDataReference"/> (the bytes are not fetched). Text is stored as UTF-8: when a data set has
/// non-ASCII text its Specific Character Set becomes ISO_IR 192 (for ASCII-only text the given one is kept, since
/// its bytes are the same in every set DICOM defines).
/// </summary>
public static class DicomJsonReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    public static DicomDataset Parse(string json)
    {
        using var document = JsonDocument.Parse(json, DocumentOptions);
        return Read(document.RootElement);
    }

    /// <summary>A JSON array of data sets (a QIDO-RS response), or a single object as a one-element list.</summary>
    public static IReadOnlyList<DicomDataset> ParseArray(string json)
    {
        using var document = JsonDocument.Parse(json, DocumentOptions);
        return ReadMany(document.RootElement);
    }

    public static async Task<DicomDataset> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        using var document = await JsonDocument.ParseAsync(stream, DocumentOptions, cancellationToken).ConfigureAwait(false);
        return Read(document.RootElement);
    }

    /// <summary>Streams the data sets of a JSON array one by one: a large response never sits in memory whole.</summary>
    public static async IAsyncEnumerable<DicomDataset> ReadArrayAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, DicomJsonSerializerContext.Default.JsonElement, cancellationToken);
        var index = 0;
        await foreach (var element in items.ConfigureAwait(false))
        {
            yield return ReadObject(element, $"[{index++}]", isItem: false, out _);
        }
    }

    public static IReadOnlyList<DicomDataset> ReadMany(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            return [Read(root)];
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new DicomJsonException($"expected an array of data sets, found {root.ValueKind}", string.Empty);
        }

        var result = new List<DicomDataset>(root.GetArrayLength());
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            result.Add(ReadObject(element, $"[{index++}]", isItem: false, out _));
        }

        return result;
    }

    public static DicomDataset Read(JsonElement root) => ReadObject(root, string.Empty, isItem: false, out _);

    /// <param name="inheritsNonAscii">True when this item has UTF-8 text but no Specific Character Set of its own,
    /// so the data set holding it must declare ISO_IR 192.</param>
    private static DicomDataset ReadObject(JsonElement json, string path, bool isItem, out bool inheritsNonAscii)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new DicomJsonException($"expected a data set object, found {json.ValueKind}", path);
        }

        var dataset = new DicomDataset();
        var nonAscii = new NonAsciiFlag();
        foreach (var property in json.EnumerateObject())
        {
            var here = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (!TryParseKey(property.Name, out var tag))
            {
                throw new DicomJsonException($"'{property.Name}' is not a tag: keys are 8 hexadecimal digits such as \"00100010\"", here);
            }

            dataset.AddOrUpdate(ReadAttribute(tag, property.Value, here, nonAscii));
        }

        inheritsNonAscii = false;
        if (nonAscii.Value)
        {
            // The text went in as UTF-8, so the data set must say so; an item without a set of its own inherits
            // its parent's, which then has to be UTF-8.
            if (isItem && !dataset.Contains(DicomTags.SpecificCharacterSet))
            {
                inheritsNonAscii = true;
            }
            else
            {
                dataset.AddOrUpdate(new DicomElement(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192"u8.ToArray()));
            }
        }

        return dataset;
    }

    private static DicomItem ReadAttribute(DicomTag tag, JsonElement json, string path, NonAsciiFlag nonAscii)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new DicomJsonException($"expected an attribute object with \"vr\", found {json.ValueKind}", path);
        }

        var vr = DicomDictionary.Default.DefaultVR(tag);
        if (json.TryGetProperty("vr", out var vrJson))
        {
            if (vrJson.ValueKind != JsonValueKind.String || !DicomVRExtensions.TryParse(vrJson.GetString(), out vr))
            {
                throw new DicomJsonException($"\"vr\" must be one of the 34 two-letter VRs, found {vrJson.GetRawText()}", path);
            }
        }

        if (json.TryGetProperty("BulkDataURI", out var uri))
        {
            return new DicomElement(tag, vr, new BulkDataReference(uri.GetString() ?? string.Empty));
        }

        if (json.TryGetProperty("InlineBinary", out var inline))
        {
            try
            {
                return new DicomElement(tag, vr, inline.GetBytesFromBase64());
            }
            catch (FormatException e)
            {
                throw new DicomJsonException("\"InlineBinary\" is not valid base64", path, e);
            }
        }

        var hasValue = json.TryGetProperty("Value", out var value) && value.ValueKind != JsonValueKind.Null;
        if (hasValue && value.ValueKind != JsonValueKind.Array)
        {
            throw new DicomJsonException($"\"Value\" must be an array, found {value.ValueKind}", path);
        }

        if (vr == DicomVR.SQ)
        {
            var sequence = new DicomSequence(tag);
            if (hasValue)
            {
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    sequence.Add(ReadObject(item, $"{path}[{index++}]", isItem: true, out var itemNonAscii));
                    nonAscii.Value |= itemNonAscii;
                }
            }

            return sequence;
        }

        if (!hasValue)
        {
            return new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty);
        }

        try
        {
            return vr.IsString()
                ? new DicomElement(tag, vr, EncodeStrings(vr, ReadStrings(vr, value, path), nonAscii))
                : new DicomElement(tag, vr, EncodeNumbers(vr, value, path));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            throw new DicomJsonException($"a value does not fit VR {vr.Code()}: {e.Message}", path, e);
        }
    }

    private static List<string> ReadStrings(DicomVR vr, JsonElement values, string path)
    {
        var result = new List<string>();
        foreach (var v in values.EnumerateArray())
        {
            result.Add(v.ValueKind switch
            {
                JsonValueKind.Null => string.Empty,
                JsonValueKind.String => v.GetString()!,
                // DS and IS as JSON numbers: keep the exact text ("0.4883", not a re-formatted double).
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.Object when vr == DicomVR.PN => PersonNameText(v),
                _ => throw new DicomJsonException($"unexpected {v.ValueKind} in a {vr.Code()} value", path),
            });
        }

        return result;
    }

    private static string PersonNameText(JsonElement name)
    {
        string Group(string key) => name.TryGetProperty(key, out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : string.Empty;
        return new PersonName(Group("Alphabetic"), Group("Ideographic"), Group("Phonetic")).ToString();
    }

    private static byte[] EncodeStrings(DicomVR vr, List<string> values, NonAsciiFlag nonAscii)
    {
        var bytes = ModelValues.EncodeStrings(vr, values, out var textNonAscii);
        nonAscii.Value |= textNonAscii;
        return bytes;
    }

    private static byte[] EncodeNumbers(DicomVR vr, JsonElement values, string path)
    {
        var size = ModelValues.ValueSize(vr);
        if (size <= 1)
        {
            throw new DicomJsonException($"VR {vr.Code()} takes \"InlineBinary\" or \"BulkDataURI\", not \"Value\"", path);
        }

        var bytes = new byte[values.GetArrayLength() * size];
        var offset = 0;
        foreach (var v in values.EnumerateArray())
        {
            if (vr == DicomVR.AT && v.ValueKind != JsonValueKind.String)
            {
                throw new DicomJsonException($"an AT value must be a tag as 8 hex digits, found {v.GetRawText()}", path);
            }

            // Numbers as written (raw text keeps 64-bit integers exact); NaN and infinities come as strings.
            var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
            ModelValues.WriteNumber(vr, text, bytes.AsSpan(offset));
            offset += size;
        }

        return bytes;
    }

    private static bool TryParseKey(string key, out DicomTag tag)
    {
        tag = default;
        if (key.Length != 8 || !uint.TryParse(key, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        tag = new DicomTag(value);
        return true;
    }

    private sealed class NonAsciiFlag
    {
        public bool Value { get; set; }
    }
}
