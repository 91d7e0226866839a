using System.Globalization;
using System.Text.Json;
using DicomHub.Dicom.Data;

namespace DicomHub.Archive.Json;

/// <summary>Options of one JSON rendering: which top-level attributes, and where large binary values go.</summary>
/// <param name="Include">Top-level filter; null writes every attribute.</param>
/// <param name="BulkDataUri">Builds the BulkDataURI of a large binary value from its tag path ("7FE00010" or "00400275/0/00081150").</param>
/// <param name="BulkDataThreshold">Binary values longer than this become BulkDataURI; shorter ones InlineBinary.</param>
public sealed record DicomJsonOptions(Func<DicomTag, bool>? Include = null, Func<string, string>? BulkDataUri = null, int BulkDataThreshold = 1024);

/// <summary>
/// Writes a data set in the DICOM JSON model (PS3.18 F.2). A small writer of the archive's own: the
/// toolkit's DicomHub.Dicom.Json was not on main when the archive needed one; it should replace this.
/// </summary>
public static class DicomJsonWriter
{
    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonOptions options) =>
        WriteDataset(writer, dataset, options, string.Empty, topLevel: true);

    public static string ToJson(DicomDataset dataset, DicomJsonOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, dataset, options);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteDataset(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonOptions options, string path, bool topLevel)
    {
        writer.WriteStartObject();
        foreach (var item in dataset)
        {
            // Group lengths are not part of the JSON model (F.2.1), nor is the file meta group.
            if (item.Tag.IsGroupLength || item.Tag.Group == 0x0002 || (topLevel && options.Include is { } include && !include(item.Tag)))
            {
                continue;
            }

            var tagPath = path.Length == 0 ? item.Tag.ToHexString() : $"{path}/{item.Tag.ToHexString()}";
            writer.WritePropertyName(item.Tag.ToHexString());
            writer.WriteStartObject();
            writer.WriteString("vr", item.VR == DicomVR.None ? "UN" : item.VR.Code());
            switch (item)
            {
                case DicomSequence sequence:
                    if (sequence.Items.Count > 0)
                    {
                        writer.WriteStartArray("Value");
                        for (var i = 0; i < sequence.Items.Count; i++)
                        {
                            WriteDataset(writer, sequence.Items[i], options, $"{tagPath}/{i.ToString(CultureInfo.InvariantCulture)}", topLevel: false);
                        }

                        writer.WriteEndArray();
                    }

                    break;
                case DicomFragmentSequence:
                    WriteBulk(writer, options, tagPath);
                    break;
                case DicomElement element:
                    WriteElement(writer, dataset, element, options, tagPath);
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteElement(Utf8JsonWriter writer, DicomDataset dataset, DicomElement element, DicomJsonOptions options, string tagPath)
    {
        if (element.Length == 0)
        {
            return;
        }

        var vr = element.VR;
        if (vr.IsBulk() || vr == DicomVR.None)
        {
            if (element.Length > options.BulkDataThreshold || element.Tag == Dicom.Dictionary.DicomTags.PixelData)
            {
                WriteBulk(writer, options, tagPath);
            }
            else
            {
                writer.WriteBase64String("InlineBinary", element.Buffer.Memory.Span);
            }

            return;
        }

        var values = dataset.GetStrings(element.Tag);
        if (values.Length == 0)
        {
            return;
        }

        writer.WriteStartArray("Value");
        foreach (var value in values)
        {
            WriteValue(writer, vr, value);
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, DicomVR vr, string value)
    {
        if (value.Length == 0)
        {
            writer.WriteNullValue();
            return;
        }

        switch (vr)
        {
            case DicomVR.PN:
                var groups = value.Split('=');
                writer.WriteStartObject();
                string[] names = ["Alphabetic", "Ideographic", "Phonetic"];
                for (var g = 0; g < Math.Min(3, groups.Length); g++)
                {
                    if (groups[g].Length > 0)
                    {
                        writer.WriteString(names[g], groups[g]);
                    }
                }

                writer.WriteEndObject();
                break;
            case DicomVR.IS when long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer):
                writer.WriteNumberValue(integer);
                break;
            case DicomVR.DS when double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.FD or DicomVR.SV or DicomVR.UV
                when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var binary):
                if (double.IsFinite(binary))
                {
                    writer.WriteNumberValue(binary);
                }
                else
                {
                    writer.WriteStringValue(value);
                }

                break;
            default:
                writer.WriteStringValue(value);
                break;
        }
    }

    private static void WriteBulk(Utf8JsonWriter writer, DicomJsonOptions options, string tagPath)
    {
        if (options.BulkDataUri is { } uri)
        {
            writer.WriteString("BulkDataURI", uri(tagPath));
        }
    }
}
