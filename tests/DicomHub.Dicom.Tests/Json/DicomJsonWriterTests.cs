using System.Buffers.Binary;
using System.Text.Json.Nodes;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Json;

namespace DicomHub.Dicom.Tests.Json;

public class DicomJsonWriterTests
{
    private static JsonNode Attribute(string json, string key) => JsonNode.Parse(json)![key]!;

    [Fact]
    public void Writes_the_standard_shape_with_sorted_hex_keys()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.PatientID, "ID1");
        dataset.AddOrUpdate(DicomTags.Modality, "CT");
        dataset.AddOrUpdate(new DicomElement(new DicomTag(0x0008, 0x0000), DicomVR.UL, new byte[4]));
        dataset.AddOrUpdate(DicomTags.PatientName, "Doe^John");

        var json = DicomJsonWriter.Serialize(dataset);

        Assert.Equal(
            """{"00080060":{"vr":"CS","Value":["CT"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^John"}]},"00100020":{"vr":"LO","Value":["ID1"]}}""",
            json);
    }

    [Fact]
    public void IncludeTopLevel_filters_the_top_level_only_and_leaves_the_data_set_alone()
    {
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTags.PatientID, "OTHER");
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.PatientID, "ID1");
        dataset.AddOrUpdate(DicomTags.Modality, "CT");
        dataset.AddOrUpdate(new DicomSequence(DicomTags.OtherPatientIDsSequence, [item]));

        var json = JsonNode.Parse(DicomJsonWriter.Serialize(dataset, new DicomJsonWriterOptions { IncludeTopLevel = tag => tag != DicomTags.PatientID }))!.AsObject();

        Assert.Equal(["00080060", "00101002"], json.Select(p => p.Key));
        Assert.Equal("OTHER", (string?)json["00101002"]!["Value"]![0]!["00100020"]!["Value"]![0]);
        Assert.Equal(3, dataset.Count);
    }

    [Fact]
    public void DS_and_IS_are_numbers_written_exactly_as_their_text()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.SliceThickness, DicomVR.DS, "0.4883");
        dataset.AddOrUpdate(DicomTags.WindowCenter, DicomVR.DS, "40", "-1.5e2", "1.", "+5");
        dataset.AddOrUpdate(DicomTags.InstanceNumber, DicomVR.IS, "007");
        dataset.AddOrUpdate(DicomTags.SeriesNumber, DicomVR.IS, " 12");

        var json = DicomJsonWriter.Serialize(dataset);

        Assert.True(json.Contains("\"Value\":[0.4883]", StringComparison.Ordinal), json);
        // Text that is no JSON number ("1.", "+5", "007") stays a string rather than being changed.
        Assert.True(json.Contains("\"Value\":[40,-1.5e2,\"1.\",\"+5\"]", StringComparison.Ordinal), json);
        Assert.Contains("\"Value\":[\"007\"]", json, StringComparison.Ordinal);
        Assert.Contains("\"Value\":[12]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_numbers_keep_their_precision()
    {
        var dataset = new DicomDataset();
        var sv = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(sv, 9007199254740993);
        BinaryPrimitives.WriteInt64LittleEndian(sv.AsSpan(8), long.MinValue);
        dataset.AddOrUpdate(new DicomElement(new DicomTag(0x0072, 0x0082), DicomVR.SV, sv));
        var uv = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(uv, ulong.MaxValue);
        dataset.AddOrUpdate(new DicomElement(new DicomTag(0x0072, 0x0083), DicomVR.UV, uv));
        dataset.AddOrUpdate(DicomTags.Rows, DicomVR.US, 512d);
        dataset.AddOrUpdate(DicomTags.SmallestImagePixelValue, DicomVR.SS, -32768d);
        dataset.AddOrUpdate(new DicomTag(0x0018, 0x9327), DicomVR.FD, 0.1, double.NaN);
        dataset.AddOrUpdate(new DicomTag(0x0018, 0x9306), DicomVR.FL, 0.1);
        dataset.AddOrUpdate(DicomTags.FrameIncrementPointer, DicomVR.AT, DicomTags.PatientName.ToHexString());

        var json = DicomJsonWriter.Serialize(dataset);

        Assert.Contains("\"00720082\":{\"vr\":\"SV\",\"Value\":[9007199254740993,-9223372036854775808]}", json, StringComparison.Ordinal);
        Assert.Contains("\"00720083\":{\"vr\":\"UV\",\"Value\":[18446744073709551615]}", json, StringComparison.Ordinal);
        Assert.Contains("\"Value\":[512]", json, StringComparison.Ordinal);
        Assert.Contains("\"Value\":[-32768]", json, StringComparison.Ordinal);
        Assert.Contains("\"Value\":[0.1,\"NaN\"]", json, StringComparison.Ordinal);
        Assert.Contains("\"00189306\":{\"vr\":\"FL\",\"Value\":[0.1]}", json, StringComparison.Ordinal);
        Assert.Contains("\"00280009\":{\"vr\":\"AT\",\"Value\":[\"00100010\"]}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_values_have_no_Value_and_empty_entries_among_several_are_null()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomElement(DicomTags.AccessionNumber, DicomVR.SH, ReadOnlyMemory<byte>.Empty));
        dataset.AddOrUpdate(DicomTags.ImageType, DicomVR.CS, "ORIGINAL", string.Empty, "AXIAL");
        dataset.AddOrUpdate(DicomTags.OtherPatientNames, DicomVR.PN, "A^B", string.Empty);
        dataset.AddOrUpdate(new DicomSequence(DicomTags.ReferencedImageSequence));

        var json = JsonNode.Parse(DicomJsonWriter.Serialize(dataset))!;

        Assert.Equal("""{"vr":"SH"}""", json["00080050"]!.ToJsonString());
        Assert.Equal("""["ORIGINAL",null,"AXIAL"]""", json["00080008"]!["Value"]!.ToJsonString());
        Assert.Equal("""[{"Alphabetic":"A^B"},null]""", json["00101001"]!["Value"]!.ToJsonString());
        Assert.Equal("""{"vr":"SQ"}""", json["00081140"]!.ToJsonString());
    }

    [Fact]
    public void Person_names_have_their_three_groups_decoded_from_the_character_set()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.SpecificCharacterSet, "\\ISO 2022 IR 87".Split('\\'));
        dataset.AddOrUpdate(DicomTags.PatientName, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        var item = new DicomDataset();
        dataset.AddOrUpdate(new DicomSequence(DicomTags.OtherPatientIDsSequence, [item]));
        item.AddOrUpdate(DicomTags.PatientName, "=山田");

        var json = DicomJsonWriter.Serialize(dataset);

        Assert.Equal("""[{"Alphabetic":"Yamada^Tarou","Ideographic":"山田^太郎","Phonetic":"やまだ^たろう"}]""", Attribute(json, "00100010")["Value"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Contains("山田^太郎", json, StringComparison.Ordinal);
        Assert.Equal("山田", Attribute(json, "00101002")["Value"]![0]!["00100010"]!["Value"]![0]!["Ideographic"]!.GetValue<string>());
    }

    [Fact]
    public void Binary_values_are_inline_or_bulk_data_as_the_callback_decides()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, new byte[2048]));
        dataset.AddOrUpdate(new DicomElement(new DicomTag(0x0009, 0x1001), DicomVR.UN, new byte[] { 1, 2, 3, 4 }));
        var asked = new List<string>();
        var options = new DicomJsonWriterOptions
        {
            BulkDataMinimumLength = 1024,
            BulkDataUri = b =>
            {
                asked.Add(b.Item.Tag.ToHexString());
                return $"http://archive/bulk/{b.Path[^1].ToHexString()}";
            },
        };

        var json = JsonNode.Parse(DicomJsonWriter.Serialize(dataset, options))!;

        Assert.Equal("http://archive/bulk/7FE00010", json["7FE00010"]!["BulkDataURI"]!.GetValue<string>());
        Assert.Equal("AQIDBA==", json["00091001"]!["InlineBinary"]!.GetValue<string>());
        Assert.Equal(["7FE00010"], asked);
    }

    [Fact]
    public void Encapsulated_pixel_data_inline_is_its_item_encoding()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, MemoryByteBuffer.Empty, [new MemoryByteBuffer(new byte[] { 0xAA, 0xBB })]));

        var inline = Convert.FromBase64String(Attribute(DicomJsonWriter.Serialize(dataset), "7FE00010")["InlineBinary"]!.GetValue<string>());

        Assert.Equal(Convert.FromHexString("FEFF00E000000000" + "FEFF00E002000000AABB" + "FEFFDDE000000000"), inline);
    }

    [Fact]
    public async Task Streams_arrays_to_a_stream()
    {
        var datasets = Enumerable.Range(1, 500).Select(i => new DicomDataset().AddOrUpdate(DicomTags.InstanceNumber, DicomVR.IS, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var stream = new MemoryStream();

        await new DicomJsonWriter().WriteArrayAsync(stream, datasets, TestContext.Current.CancellationToken);

        var array = JsonNode.Parse(stream.ToArray())!.AsArray();
        Assert.Equal(500, array.Count);
        Assert.Equal(500, array[499]!["00200013"]!["Value"]![0]!.GetValue<int>());
    }
}
