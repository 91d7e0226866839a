using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Json;

namespace DicomHub.Dicom.Xml;

/// <summary>
/// Reads the Native DICOM Model (PS3.19 Annex A) into a <see cref="DicomDataset"/>. Values are placed by their
/// "number"; PersonName components are joined with '^' and '='; InlineBinary is decoded; BulkData becomes a
/// <see cref="BulkDataReference"/>; private attributes given with a privateCreator get their block back from the
/// creator element (allocating one when the creator is new). Text is stored as UTF-8, as the JSON reader does.
/// </summary>
public static class DicomXmlReader
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = true };

    public static DicomDataset Parse(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), Settings);
        return Read(XDocument.Load(reader));
    }

    public static async Task<DicomDataset> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        using var reader = XmlReader.Create(stream, Settings);
        var document = await XDocument.LoadAsync(reader, LoadOptions.PreserveWhitespace, cancellationToken).ConfigureAwait(false);
        return Read(document);
    }

    public static DicomDataset Read(XDocument document)
    {
        var root = document.Root;
        if (root is null || root.Name.LocalName != "NativeDicomModel")
        {
            throw new FormatException($"Not the Native DICOM Model: the root element is <{root?.Name.LocalName}>, expected <NativeDicomModel>.");
        }

        return ReadDataset(root, "NativeDicomModel", isItem: false, out _);
    }

    private static DicomDataset ReadDataset(XElement parent, string path, bool isItem, out bool inheritsNonAscii)
    {
        var dataset = new DicomDataset();
        var nonAscii = false;
        var privates = new List<(XElement Element, DicomTag Tag, string Creator)>();
        foreach (var attribute in parent.Elements("DicomAttribute"))
        {
            var tagText = (string?)attribute.Attribute("tag") ?? string.Empty;
            if (tagText.Length != 8 || !uint.TryParse(tagText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var tagValue))
            {
                throw new FormatException($"'{tagText}' is not a tag (8 hexadecimal digits) at {path}/DicomAttribute.");
            }

            var tag = new DicomTag(tagValue);
            if ((string?)attribute.Attribute("privateCreator") is { Length: > 0 } creator && tag.IsPrivate)
            {
                privates.Add((attribute, tag, creator));
                continue;
            }

            dataset.AddOrUpdate(ReadAttribute(attribute, tag, $"{path}/{tagText}", ref nonAscii));
        }

        // Private attributes last: their creator elements must be in place to find (or allocate) the block.
        foreach (var (element, tag, creator) in privates)
        {
            var block = FindOrAllocateBlock(dataset, tag.Group, creator);
            var real = new DicomTag(tag.Group, (ushort)((block << 8) | (tag.Element & 0xFF)));
            dataset.AddOrUpdate(ReadAttribute(element, real, $"{path}/{real.ToHexString()}", ref nonAscii));
        }

        inheritsNonAscii = false;
        if (nonAscii)
        {
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

    private static int FindOrAllocateBlock(DicomDataset dataset, ushort group, string creator)
    {
        for (var block = 0x10; block <= 0xFF; block++)
        {
            if (dataset.GetString(new DicomTag(group, (ushort)block)) == creator)
            {
                return block;
            }
        }

        for (var block = 0x10; block <= 0xFF; block++)
        {
            var creatorTag = new DicomTag(group, (ushort)block);
            if (!dataset.Contains(creatorTag))
            {
                dataset.AddOrUpdate(creatorTag, DicomVR.LO, creator);
                return block;
            }
        }

        throw new FormatException($"No free private block left in group {group:X4} for creator '{creator}'.");
    }

    private static DicomItem ReadAttribute(XElement attribute, DicomTag tag, string path, ref bool nonAscii)
    {
        var vr = DicomDictionary.Default.DefaultVR(tag);
        if ((string?)attribute.Attribute("vr") is { } vrText && !DicomVRExtensions.TryParse(vrText, out vr))
        {
            throw new FormatException($"vr=\"{vrText}\" is not one of the 34 VRs at {path}.");
        }

        if (attribute.Element("BulkData") is { } bulk)
        {
            return new DicomElement(tag, vr, new BulkDataReference((string?)bulk.Attribute("uri") ?? (string?)bulk.Attribute("uuid") ?? string.Empty));
        }

        if (attribute.Element("InlineBinary") is { } inline)
        {
            try
            {
                return new DicomElement(tag, vr, Convert.FromBase64String(inline.Value.Trim()));
            }
            catch (FormatException e)
            {
                throw new FormatException($"InlineBinary is not valid base64 at {path}.", e);
            }
        }

        if (vr == DicomVR.SQ)
        {
            var sequence = new DicomSequence(tag);
            foreach (var item in attribute.Elements("Item").OrderBy(i => Number(i, path)))
            {
                sequence.Add(ReadDataset(item, $"{path}/Item[{Number(item, path)}]", isItem: true, out var itemNonAscii));
                nonAscii |= itemNonAscii;
            }

            return sequence;
        }

        var values = ReadValues(attribute, vr, path);
        if (values.Count == 0)
        {
            return new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty);
        }

        try
        {
            if (vr.IsString())
            {
                var bytes = ModelValues.EncodeStrings(vr, values, out var textNonAscii);
                nonAscii |= textNonAscii;
                return new DicomElement(tag, vr, bytes);
            }

            var size = ModelValues.ValueSize(vr);
            var packed = new byte[values.Count * size];
            for (var i = 0; i < values.Count; i++)
            {
                ModelValues.WriteNumber(vr, values[i].Trim(), packed.AsSpan(i * size));
            }

            return new DicomElement(tag, vr, packed);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FormatException($"A value does not fit VR {vr.Code()} at {path}: {e.Message}", e);
        }
    }

    private static List<string> ReadValues(XElement attribute, DicomVR vr, string path)
    {
        var byNumber = new SortedDictionary<int, string>();
        var name = vr == DicomVR.PN ? "PersonName" : "Value";
        foreach (var value in attribute.Elements(name))
        {
            byNumber[Number(value, path)] = vr == DicomVR.PN ? PersonNameText(value) : value.Value;
        }

        if (byNumber.Count == 0)
        {
            return [];
        }

        var values = new List<string>();
        for (var n = 1; n <= byNumber.Keys.Max(); n++)
        {
            values.Add(byNumber.GetValueOrDefault(n, string.Empty));
        }

        return values;
    }

    private static string PersonNameText(XElement name)
    {
        string Group(string groupName)
        {
            if (name.Element(groupName) is not { } group)
            {
                return string.Empty;
            }

            string[] components = ["FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix"];
            return string.Join('^', components.Select(c => group.Element(c)?.Value ?? string.Empty)).TrimEnd('^');
        }

        return new PersonName(Group("Alphabetic"), Group("Ideographic"), Group("Phonetic")).ToString();
    }

    private static int Number(XElement element, string path)
    {
        var text = (string?)element.Attribute("number");
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw new FormatException($"<{element.Name.LocalName}> needs number=\"1\", \"2\", ... at {path} (found '{text}').");
    }
}
