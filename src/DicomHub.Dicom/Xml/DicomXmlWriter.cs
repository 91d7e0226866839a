using System.Text;
using System.Xml;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Json;

namespace DicomHub.Dicom.Xml;

/// <summary>How <see cref="DicomXmlWriter"/> writes the Native DICOM Model.</summary>
public sealed record DicomXmlWriterOptions
{
    public static DicomXmlWriterOptions Default { get; } = new();

    /// <summary>As <see cref="DicomJsonWriterOptions.BulkDataUri"/>: a URI for a binary value ("BulkData uri"), or null to inline it.</summary>
    public Func<DicomJsonBulkData, string?>? BulkDataUri { get; init; }

    public long BulkDataMinimumLength { get; init; }

    public bool SkipGroupLengths { get; init; } = true;

    public bool Indented { get; init; } = true;
}

/// <summary>
/// Writes the Native DICOM Model of PS3.19 Annex A: NativeDicomModel / DicomAttribute (tag, vr, keyword,
/// privateCreator) / Value, PersonName (Alphabetic, Ideographic, Phonetic with FamilyName ... NameSuffix), Item,
/// InlineBinary, BulkData. Private attributes are written as the standard asks: element high byte 00 plus the
/// privateCreator, so the reader can re-allocate the block.
/// </summary>
public sealed class DicomXmlWriter(DicomXmlWriterOptions? options = null)
{
    private static readonly string[] GroupNames = ["Alphabetic", "Ideographic", "Phonetic"];
    private static readonly string[] ComponentNames = ["FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix"];

    private readonly DicomXmlWriterOptions _options = options ?? DicomXmlWriterOptions.Default;

    public static string Serialize(DicomDataset dataset, DicomXmlWriterOptions? options = null)
    {
        var output = new StringBuilder();
        var writer = new DicomXmlWriter(options);
        using (var xml = XmlWriter.Create(output, writer.Settings(async: false)))
        {
            writer.Write(xml, dataset);
        }

        return output.ToString();
    }

    public async Task WriteAsync(Stream output, DicomDataset dataset, CancellationToken cancellationToken = default)
    {
        var xml = XmlWriter.Create(output, Settings(async: true));
        await using (xml.ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Write(xml, dataset);
            await xml.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A whole document: the XML declaration and one NativeDicomModel.</summary>
    public void Write(XmlWriter xml, DicomDataset dataset)
    {
        xml.WriteStartDocument();
        xml.WriteStartElement("NativeDicomModel");
        xml.WriteAttributeString("xml", "space", null, "preserve");
        WriteAttributes(xml, dataset, []);
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private XmlWriterSettings Settings(bool async) =>
        new() { Indent = _options.Indented, Encoding = new UTF8Encoding(false), Async = async, CloseOutput = false };

    private void WriteAttributes(XmlWriter xml, DicomDataset dataset, List<DicomTag> path)
    {
        var characterSet = dataset.CharacterSet;
        foreach (var item in dataset)
        {
            if (_options.SkipGroupLengths && item.Tag.IsGroupLength)
            {
                continue;
            }

            path.Add(item.Tag);
            xml.WriteStartElement("DicomAttribute");
            WriteTagAttributes(xml, dataset, item);
            switch (item)
            {
                case DicomSequence sequence:
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        xml.WriteStartElement("Item");
                        xml.WriteAttributeString("number", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        WriteAttributes(xml, sequence.Items[i], path);
                        xml.WriteEndElement();
                    }

                    break;
                case DicomFragmentSequence fragments:
                    WriteBinary(xml, fragments, path, ModelValues.EncapsulatedLength(fragments), () => ModelValues.EncapsulatedItems(fragments));
                    break;
                case DicomElement element:
                    WriteElement(xml, element, characterSet, path);
                    break;
            }

            xml.WriteEndElement();
            path.RemoveAt(path.Count - 1);
        }
    }

    private static void WriteTagAttributes(XmlWriter xml, DicomDataset dataset, DicomItem item)
    {
        var tag = item.Tag;
        string? creator = null;
        if (tag.IsPrivate && !tag.IsPrivateCreator && tag.Element >= 0x1000)
        {
            creator = dataset.GetString(new DicomTag(tag.Group, (ushort)(tag.Element >> 8)));
            if (!string.IsNullOrEmpty(creator))
            {
                tag = new DicomTag(tag.Group, (ushort)(tag.Element & 0xFF));
            }
        }

        xml.WriteAttributeString("tag", tag.ToHexString());
        xml.WriteAttributeString("vr", item.VR.Code());
        if (!item.Tag.IsPrivate && DicomDictionary.Default.Find(item.Tag) is { } entry)
        {
            xml.WriteAttributeString("keyword", entry.Keyword);
        }

        if (!string.IsNullOrEmpty(creator))
        {
            xml.WriteAttributeString("privateCreator", creator);
        }
    }

    private void WriteElement(XmlWriter xml, DicomElement element, Text.DicomCharacterSet characterSet, List<DicomTag> path)
    {
        if (element.Buffer is BulkDataReference reference)
        {
            xml.WriteStartElement("BulkData");
            xml.WriteAttributeString("uri", reference.Uri);
            xml.WriteEndElement();
            return;
        }

        var vr = element.VR;
        if (vr.IsBulk())
        {
            WriteBinary(xml, element, path, element.Length, () => element.Buffer.Memory);
            return;
        }

        if (element.Length == 0)
        {
            return;
        }

        var values = vr.IsString()
            ? characterSet.DecodeStrings(element.Buffer.Memory.Span, vr)
            : ModelValues.ReadNumbers(vr, element.Buffer.Memory).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var number = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (vr == DicomVR.PN)
            {
                WritePersonName(xml, values[i], number);
                continue;
            }

            xml.WriteStartElement("Value");
            xml.WriteAttributeString("number", number);
            var value = vr is DicomVR.DS or DicomVR.IS ? values[i].Trim() : values[i];
            if (value.Length > 0)
            {
                xml.WriteString(value);
            }

            xml.WriteEndElement();
        }
    }

    private static void WritePersonName(XmlWriter xml, string value, string number)
    {
        xml.WriteStartElement("PersonName");
        xml.WriteAttributeString("number", number);
        var groups = value.Split('=');
        for (var g = 0; g < Math.Min(groups.Length, GroupNames.Length); g++)
        {
            if (groups[g].Length == 0)
            {
                continue;
            }

            xml.WriteStartElement(GroupNames[g]);
            var components = groups[g].Split('^');
            for (var c = 0; c < Math.Min(components.Length, ComponentNames.Length); c++)
            {
                if (components[c].Length > 0)
                {
                    xml.WriteElementString(ComponentNames[c], components[c]);
                }
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private void WriteBinary(XmlWriter xml, DicomItem item, List<DicomTag> path, long length, Func<ReadOnlyMemory<byte>> bytes)
    {
        if (_options.BulkDataUri is { } callback && length >= _options.BulkDataMinimumLength
            && callback(new DicomJsonBulkData(item, path.ToArray(), length)) is { } uri)
        {
            xml.WriteStartElement("BulkData");
            xml.WriteAttributeString("uri", uri);
            xml.WriteEndElement();
            return;
        }

        if (length == 0)
        {
            return;
        }

        var data = bytes();
        xml.WriteStartElement("InlineBinary");
        xml.WriteBase64(data.ToArray(), 0, data.Length);
        xml.WriteEndElement();
    }
}
