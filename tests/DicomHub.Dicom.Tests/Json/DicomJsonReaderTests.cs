using System.Text;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Json;

namespace DicomHub.Dicom.Tests.Json;

public class DicomJsonReaderTests
{
    [Fact]
    public void Keeps_the_exact_text_of_DS_and_IS_numbers()
    {
        var dataset = DicomJsonReader.Parse("""{"00180050":{"vr":"DS","Value":[0.4883]},"00281050":{"vr":"DS","Value":[40,-1.5e2,"1."]},"00200013":{"vr":"IS","Value":[7]}}""");

        Assert.Equal("0.4883", dataset.GetString(DicomTags.SliceThickness));
        Assert.Equal(["40", "-1.5e2", "1."], dataset.GetStrings(DicomTags.WindowCenter));
        Assert.Equal(7, dataset.GetInt32(DicomTags.InstanceNumber));
    }

    [Fact]
    public void Reads_every_value_kind()
    {
        const string json = """
        {
          "00080008": {"vr": "CS", "Value": ["ORIGINAL", null, "AXIAL"]},
          "00080050": {"vr": "SH"},
          "00081140": {"vr": "SQ", "Value": [{"00081150": {"vr": "UI", "Value": ["1.2.3"]}}, {}]},
          "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Hong^Gildong", "Ideographic": "洪^吉洞", "Phonetic": "홍^길동"}]},
          "00280010": {"vr": "US", "Value": [512]},
          "00280009": {"vr": "AT", "Value": ["00100010", "7FE00010"]},
          "00720082": {"vr": "SV", "Value": [9007199254740993]},
          "00720083": {"vr": "UV", "Value": [18446744073709551615]},
          "00189327": {"vr": "FD", "Value": [0.1, "NaN"]},
          "7FE00010": {"vr": "OB", "InlineBinary": "AQIDBA=="},
          "00420011": {"vr": "OB", "BulkDataURI": "http://archive/bulk/1"}
        }
        """;

        var dataset = DicomJsonReader.Parse(json);

        Assert.Equal(["ORIGINAL", string.Empty, "AXIAL"], dataset.GetStrings(DicomTags.ImageType));
        Assert.Equal(0, dataset.Get<DicomElement>(DicomTags.AccessionNumber)!.Length);
        var sequence = dataset.Get<DicomSequence>(DicomTags.ReferencedImageSequence)!;
        Assert.Equal(2, sequence.Items.Count);
        Assert.Equal("1.2.3", sequence.Items[0].GetString(DicomTags.ReferencedSOPClassUID));
        Assert.Equal("洪^吉洞", dataset.GetPersonName(DicomTags.PatientName)!.Ideographic);
        Assert.Equal(["ISO_IR 192"], dataset.GetStrings(DicomTags.SpecificCharacterSet));
        Assert.Equal(512, dataset.GetInt32(DicomTags.Rows));
        Assert.Equal(["00100010", "7FE00010"], dataset.GetStrings(DicomTags.FrameIncrementPointer));
        Assert.Equal(Convert.FromHexString("0100000000002000"), dataset.Get<DicomElement>(new DicomTag(0x0072, 0x0082))!.Buffer.Memory.ToArray());
        Assert.Equal(Convert.FromHexString("FFFFFFFFFFFFFFFF"), dataset.Get<DicomElement>(new DicomTag(0x0072, 0x0083))!.Buffer.Memory.ToArray());
        Assert.True(double.IsNaN(dataset.GetDoubles(new DicomTag(0x0018, 0x9327))[1]));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray());

        var reference = Assert.IsType<BulkDataReference>(dataset.Get<DicomElement>(new DicomTag(0x0042, 0x0011))!.Buffer);
        Assert.Equal("http://archive/bulk/1", reference.Uri);
        var error = Assert.Throws<InvalidOperationException>(() => reference.Memory);
        Assert.Contains("http://archive/bulk/1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ascii_only_data_set_keeps_its_character_set()
    {
        var dataset = DicomJsonReader.Parse("""{"00080005":{"vr":"CS","Value":["ISO_IR 100"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^John"}]}}""");

        Assert.Equal(["ISO_IR 100"], dataset.GetStrings(DicomTags.SpecificCharacterSet));
    }

    [Fact]
    public void Non_ascii_text_in_an_item_makes_the_top_data_set_utf8()
    {
        var dataset = DicomJsonReader.Parse("""{"00080005":{"vr":"CS","Value":["ISO_IR 100"]},"00101002":{"vr":"SQ","Value":[{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Müller"}]}}]}}""");

        Assert.Equal(["ISO_IR 192"], dataset.GetStrings(DicomTags.SpecificCharacterSet));
        Assert.Equal("Müller", dataset.Get<DicomSequence>(DicomTags.OtherPatientIDsSequence)!.Items[0].GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Round_trips_through_the_writer()
    {
        var original = new DicomDataset();
        original.AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        original.AddOrUpdate(DicomTags.PatientName, "Wang^XiaoDong=王^小東");
        original.AddOrUpdate(DicomTags.ImageType, DicomVR.CS, "ORIGINAL", string.Empty, "AXIAL");
        original.AddOrUpdate(DicomTags.ImagePositionPatient, DicomVR.DS, "-125.000", "0.4883", "1e-3");
        original.AddOrUpdate(DicomTags.Rows, DicomVR.US, 512d);
        original.AddOrUpdate(DicomTags.RescaleSlope, DicomVR.DS, "1");
        original.AddOrUpdate(DicomTags.StudyDescription, "Thorax\\Abdomen");
        original.AddOrUpdate(DicomTags.ImageComments, DicomVR.LT, "line 1\r\nline 2 \\ with a backslash");
        original.AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, new byte[] { 1, 0, 2, 0 }));
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, "1.2.3.4");
        original.AddOrUpdate(new DicomSequence(DicomTags.ReferencedImageSequence, [item]));

        var copy = DicomJsonReader.Parse(DicomJsonWriter.Serialize(original));

        Assert.Equal(original.Select(i => i.Tag), copy.Select(i => i.Tag));
        foreach (var element in original.OfType<DicomElement>())
        {
            var other = copy.Get<DicomElement>(element.Tag)!;
            Assert.Equal(element.VR, other.VR);
            Assert.True(element.Buffer.Memory.Span.SequenceEqual(other.Buffer.Memory.Span), $"{element.Tag}: '{Encoding.UTF8.GetString(element.Buffer.Memory.Span)}' became '{Encoding.UTF8.GetString(other.Buffer.Memory.Span)}'");
        }

        Assert.Equal("1.2.3.4", copy.Get<DicomSequence>(DicomTags.ReferencedImageSequence)!.Items[0].GetString(DicomTags.ReferencedSOPInstanceUID));
    }

    [Fact]
    public void Bulk_data_references_are_written_back_unchanged()
    {
        const string json = """{"7FE00010":{"vr":"OW","BulkDataURI":"http://archive/studies/1/bulk/7FE00010"}}""";

        Assert.Equal(json, DicomJsonWriter.Serialize(DicomJsonReader.Parse(json)));
    }

    [Fact]
    public async Task Streams_arrays_of_data_sets()
    {
        var json = "[" + string.Join(',', Enumerable.Range(1, 300).Select(i => $$$"""{"00200013":{"vr":"IS","Value":[{{{i}}}]}}""")) + "]";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var numbers = new List<int>();
        await foreach (var dataset in DicomJsonReader.ReadArrayAsync(stream, TestContext.Current.CancellationToken))
        {
            numbers.Add(dataset.GetInt32(DicomTags.InstanceNumber)!.Value);
        }

        Assert.Equal(Enumerable.Range(1, 300), numbers);
        Assert.Equal(2, DicomJsonReader.ParseArray("[{},{}]").Count);
    }

    [Theory]
    [InlineData("""{"0010001":{"vr":"PN"}}""", "0010001")]
    [InlineData("""{"00100010":{"vr":"XX"}}""", "00100010")]
    [InlineData("""{"00081140":{"vr":"SQ","Value":[{"00081150":{"vr":"US","Value":["abc"]}}]}}""", "00081140[0].00081150")]
    [InlineData("""{"00280010":{"vr":"US","Value":512}}""", "00280010")]
    [InlineData("""{"7FE00010":{"vr":"OB","InlineBinary":"***"}}""", "7FE00010")]
    public void Malformed_json_names_the_place(string json, string path)
    {
        var error = Assert.Throws<DicomJsonException>(() => DicomJsonReader.Parse(json));

        Assert.Equal(path, error.Path);
    }
}
