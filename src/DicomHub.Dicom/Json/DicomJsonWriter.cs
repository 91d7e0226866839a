using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Text;

namespace DicomHub.Dicom.Json;

/// <summary>
/// Writes data sets in the DICOM JSON model (PS3.18 Annex F) through a <see cref="Utf8JsonWriter"/>: keys are the
/// tags as 8 upper-case hex digits in tag order, every attribute has "vr", values go in "Value" arrays (PN as
/// objects with Alphabetic/Ideographic/Phonetic, AT as hex strings, DS/IS as numbers written exactly as their text
/// says, SV/UV as exact 64-bit integers), binary values as "InlineBinary" or "BulkDataURI". An empty value has no
/// "Value"; an empty value among several is null.
/// </summary>
public sealed class DicomJsonWriter(DicomJsonWriterOptions? options = null)
{
    private const int FlushThreshold = 32 * 1024;

    private readonly DicomJsonWriterOptions _options = options ?? DicomJsonWriterOptions.Default;

    /// <summary>One data set as a JSON object, in memory (for small data sets and tests).</summary>
    public static string Serialize(DicomDataset dataset, DicomJsonWriterOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        new DicomJsonWriter(options).Write(buffer, dataset);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Several data sets as a JSON array (a QIDO-RS response), in memory.</summary>
    public static string SerializeArray(IEnumerable<DicomDataset> datasets, DicomJsonWriterOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CreateWriterOptions(options ?? DicomJsonWriterOptions.Default)))
        {
            new DicomJsonWriter(options).WriteArray(writer, datasets);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public void Write(IBufferWriter<byte> output, DicomDataset dataset)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        Write(writer, dataset);
    }

    public async Task WriteAsync(Stream output, DicomDataset dataset, CancellationToken cancellationToken = default)
    {
        var writer = new Utf8JsonWriter(output, WriterOptions);
        await using (writer.ConfigureAwait(false))
        {
            Write(writer, dataset);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Streams a JSON array of data sets, flushing as it goes so a large QIDO response never sits in memory whole.</summary>
    public async Task WriteArrayAsync(Stream output, IAsyncEnumerable<DicomDataset> datasets, CancellationToken cancellationToken = default)
    {
        var writer = new Utf8JsonWriter(output, WriterOptions);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartArray();
            await foreach (var dataset in datasets.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                Write(writer, dataset);
                if (writer.BytesPending > FlushThreshold)
                {
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            writer.WriteEndArray();
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task WriteArrayAsync(Stream output, IEnumerable<DicomDataset> datasets, CancellationToken cancellationToken = default) =>
        WriteArrayAsync(output, ToAsync(datasets), cancellationToken);

    public void WriteArray(Utf8JsonWriter writer, IEnumerable<DicomDataset> datasets)
    {
        writer.WriteStartArray();
        foreach (var dataset in datasets)
        {
            Write(writer, dataset);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes one data set as a JSON object at the writer's current position.</summary>
    public void Write(Utf8JsonWriter writer, DicomDataset dataset) => WriteDataset(writer, dataset, []);

    // Relaxed escaping: names in Kanji or Hangul stay readable UTF-8 instead of \uXXXX (the output is JSON for
    // machines and DICOMweb clients, never inlined into HTML where the stricter default escaping matters).
    private JsonWriterOptions WriterOptions => CreateWriterOptions(_options);

    private static JsonWriterOptions CreateWriterOptions(DicomJsonWriterOptions options) =>
        new() { Indented = options.Indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private void WriteDataset(Utf8JsonWriter writer, DicomDataset dataset, List<DicomTag> path)
    {
        writer.WriteStartObject();
        var characterSet = dataset.CharacterSet;
        var include = path.Count == 0 ? _options.IncludeTopLevel : null;
        foreach (var item in dataset)
        {
            if ((_options.SkipGroupLengths && item.Tag.IsGroupLength) || (include is not null && !include(item.Tag)))
            {
                continue;
            }

            path.Add(item.Tag);
            writer.WritePropertyName(item.Tag.ToHexString());
            writer.WriteStartObject();
            writer.WriteString("vr", item.VR.Code());
            switch (item)
            {
                case DicomSequence sequence:
                    WriteSequence(writer, sequence, path);
                    break;
                case DicomFragmentSequence fragments:
                    WriteBinary(writer, fragments, path, ModelValues.EncapsulatedLength(fragments), () => ModelValues.EncapsulatedItems(fragments));
                    break;
                case DicomElement element:
                    WriteElement(writer, element, characterSet, path);
                    break;
            }

            writer.WriteEndObject();
            path.RemoveAt(path.Count - 1);
        }

        writer.WriteEndObject();
    }

    private void WriteSequence(Utf8JsonWriter writer, DicomSequence sequence, List<DicomTag> path)
    {
        if (sequence.Items.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("Value");
        foreach (var item in sequence.Items)
        {
            WriteDataset(writer, item, path);
        }

        writer.WriteEndArray();
    }

    private void WriteElement(Utf8JsonWriter writer, DicomElement element, DicomCharacterSet characterSet, List<DicomTag> path)
    {
        if (element.Buffer is BulkDataReference reference)
        {
            writer.WriteString("BulkDataURI", reference.Uri);
            return;
        }

        var vr = element.VR;
        if (vr.IsBulk())
        {
            WriteBinary(writer, element, path, element.Length, () => element.Buffer.Memory);
            return;
        }

        if (element.Length == 0)
        {
            return;
        }

        if (vr.IsString())
        {
            WriteStrings(writer, vr, characterSet.DecodeStrings(element.Buffer.Memory.Span, vr));
            return;
        }

        WriteBinaryNumbers(writer, vr, element.Buffer.Memory.Span);
    }

    private static void WriteStrings(Utf8JsonWriter writer, DicomVR vr, string[] values)
    {
        if (values.All(v => v.Length == 0))
        {
            return;
        }

        writer.WriteStartArray("Value");
        foreach (var raw in values)
        {
            var value = vr is DicomVR.DS or DicomVR.IS ? raw.Trim() : raw;
            if (value.Length == 0)
            {
                writer.WriteNullValue();
            }
            else if (vr == DicomVR.PN)
            {
                WritePersonName(writer, value);
            }
            else if (vr is DicomVR.DS or DicomVR.IS && JsonNumberText.IsValid(value))
            {
                // Verbatim: "0.4883" stays 0.4883, never 0.48830000000000001.
                writer.WriteRawValue(value);
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }

        writer.WriteEndArray();
    }

    private static void WritePersonName(Utf8JsonWriter writer, string value)
    {
        var groups = value.Split('=');
        writer.WriteStartObject();
        string[] names = ["Alphabetic", "Ideographic", "Phonetic"];
        for (var i = 0; i < Math.Min(groups.Length, names.Length); i++)
        {
            if (groups[i].Length > 0)
            {
                writer.WriteString(names[i], groups[i]);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteBinaryNumbers(Utf8JsonWriter writer, DicomVR vr, ReadOnlySpan<byte> bytes)
    {
        var size = vr == DicomVR.AT ? 4 : vr.UnitSize();
        if (size <= 1 || bytes.Length < size)
        {
            return;
        }

        writer.WriteStartArray("Value");
        for (var offset = 0; offset + size <= bytes.Length; offset += size)
        {
            var span = bytes[offset..];
            switch (vr)
            {
                case DicomVR.AT:
                    writer.WriteStringValue(new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span), BinaryPrimitives.ReadUInt16LittleEndian(span[2..])).ToHexString());
                    break;
                case DicomVR.US: writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(span)); break;
                case DicomVR.SS: writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(span)); break;
                case DicomVR.UL: writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(span)); break;
                case DicomVR.SL: writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(span)); break;
                case DicomVR.SV: writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(span)); break;
                case DicomVR.UV: writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(span)); break;
                case DicomVR.FL: WriteFloating(writer, BinaryPrimitives.ReadSingleLittleEndian(span)); break;
                case DicomVR.FD: WriteFloating(writer, BinaryPrimitives.ReadDoubleLittleEndian(span)); break;
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteFloating(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            // JSON has no NaN or infinity: the text form is the only faithful one.
            writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void WriteFloating(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private void WriteBinary(Utf8JsonWriter writer, DicomItem item, List<DicomTag> path, long length, Func<ReadOnlyMemory<byte>> bytes)
    {
        if (_options.BulkDataUri is { } callback && length >= _options.BulkDataMinimumLength
            && callback(new DicomJsonBulkData(item, path.ToArray(), length)) is { } uri)
        {
            writer.WriteString("BulkDataURI", uri);
            return;
        }

        if (length == 0)
        {
            return;
        }

        writer.WriteBase64String("InlineBinary", bytes().Span);
    }

    private static async IAsyncEnumerable<DicomDataset> ToAsync(IEnumerable<DicomDataset> datasets)
    {
        foreach (var dataset in datasets)
        {
            yield return dataset;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
