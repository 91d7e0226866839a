using System.Text;
using System.Xml.Linq;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Dicom.Xml;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Xml;

public class DicomXmlTests
{
    private static DicomDataset Sample()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        dataset.AddOrUpdate(DicomTags.ImageType, DicomVR.CS, "ORIGINAL", string.Empty, "AXIAL");
        dataset.AddOrUpdate(DicomTags.PatientName, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        dataset.AddOrUpdate(DicomTags.SliceThickness, DicomVR.DS, "0.4883");
        dataset.AddOrUpdate(DicomTags.Rows, DicomVR.US, 512d);
        dataset.AddOrUpdate(DicomTags.FrameIncrementPointer, DicomVR.AT, "00181063");
        dataset.AddOrUpdate(new DicomTag(0x0018, 0x9327), DicomVR.FD, 0.1);
        dataset.AddOrUpdate(new DicomElement(DicomTags.AccessionNumber, DicomVR.SH, ReadOnlyMemory<byte>.Empty));
        dataset.AddOrUpdate(new DicomTag(0x0043, 0x0011), DicomVR.LO, "ACME 1.0");
        dataset.AddOrUpdate(new DicomTag(0x0043, 0x1101), DicomVR.SS, -5d);
        dataset.AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, new byte[] { 1, 0, 2, 0 }));
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, "1.2.3.4");
        dataset.AddOrUpdate(new DicomSequence(DicomTags.ReferencedImageSequence, [item, new DicomDataset()]));
        return dataset;
    }

    [Fact]
    public void Writes_the_native_model()
    {
        var xml = XDocument.Parse(DicomXmlWriter.Serialize(Sample()));
        var attributes = xml.Root!.Elements("DicomAttribute").ToDictionary(a => (string)a.Attribute("tag")!);

        Assert.Equal("NativeDicomModel", xml.Root.Name.LocalName);
        Assert.Equal("PatientName", (string?)attributes["00100010"].Attribute("keyword"));
        var name = attributes["00100010"].Element("PersonName")!;
        Assert.Equal("1", (string?)name.Attribute("number"));
        Assert.Equal("Yamada", name.Element("Alphabetic")!.Element("FamilyName")!.Value);
        Assert.Equal("太郎", name.Element("Ideographic")!.Element("GivenName")!.Value);
        Assert.Equal(["ORIGINAL", string.Empty, "AXIAL"], attributes["00080008"].Elements("Value").Select(v => v.Value));
        Assert.Equal("0.4883", attributes["00180050"].Element("Value")!.Value);
        Assert.Equal("00181063", attributes["00280009"].Element("Value")!.Value);
        Assert.Empty(attributes["00080050"].Elements());
        Assert.Equal("AQACAA==", attributes["7FE00010"].Element("InlineBinary")!.Value);
        Assert.Equal(2, attributes["00081140"].Elements("Item").Count());
        // Private: element high byte 00 and the creator named, so a reader can re-allocate the block.
        Assert.Equal("ACME 1.0", (string?)attributes["00430001"].Attribute("privateCreator"));
    }

    [Fact]
    public void Round_trips_through_the_reader()
    {
        var original = Sample();

        var copy = DicomXmlReader.Parse(DicomXmlWriter.Serialize(original));

        Assert.Equal(original.Select(i => (i.Tag, i.VR)), copy.Select(i => (i.Tag, i.VR)));
        foreach (var element in original.OfType<DicomElement>())
        {
            Assert.True(element.Buffer.Memory.Span.SequenceEqual(copy.Get<DicomElement>(element.Tag)!.Buffer.Memory.Span), element.Tag.ToString());
        }

        var items = copy.Get<DicomSequence>(DicomTags.ReferencedImageSequence)!.Items;
        Assert.Equal(2, items.Count);
        Assert.Equal("1.2.3.4", items[0].GetString(DicomTags.ReferencedSOPInstanceUID));
    }

    [Fact]
    public void Private_attributes_find_or_allocate_their_block()
    {
        const string xml = """
            <NativeDicomModel>
              <DicomAttribute tag="00430001" vr="SS" privateCreator="ACME 1.0"><Value number="1">-5</Value></DicomAttribute>
              <DicomAttribute tag="00430010" vr="LO"><Value number="1">OTHER</Value></DicomAttribute>
              <DicomAttribute tag="00430012" vr="LO"><Value number="1">ACME 1.0</Value></DicomAttribute>
              <DicomAttribute tag="00450002" vr="LO" privateCreator="NEW"><Value number="1">x</Value></DicomAttribute>
            </NativeDicomModel>
            """;

        var dataset = DicomXmlReader.Parse(xml);

        Assert.Equal(-5, dataset.GetInt32(new DicomTag(0x0043, 0x1201)));
        Assert.Equal("NEW", dataset.GetString(new DicomTag(0x0045, 0x0010)));
        Assert.Equal("x", dataset.GetString(new DicomTag(0x0045, 0x1002)));
    }

    [Fact]
    public void Bulk_data_stays_a_reference()
    {
        var dataset = DicomXmlReader.Parse("""<NativeDicomModel><DicomAttribute tag="7FE00010" vr="OB"><BulkData uri="http://a/b"/></DicomAttribute></NativeDicomModel>""");

        Assert.Equal("http://a/b", Assert.IsType<BulkDataReference>(dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer).Uri);
        Assert.Contains("<BulkData uri=\"http://a/b\" />", DicomXmlWriter.Serialize(dataset), StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_documents_say_where()
    {
        var error = Assert.Throws<FormatException>(() => DicomXmlReader.Parse("""<NativeDicomModel><DicomAttribute tag="00280010" vr="US"><Value number="1">big</Value></DicomAttribute></NativeDicomModel>"""));
        Assert.Contains("00280010", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => DicomXmlReader.Parse("<Other/>"));
    }

    [Fact]
    public async Task Reads_what_dcm2xml_writes()
    {
        var dump2dcm = Peers.Require("dump2dcm", "dcmtk");
        var dcm2xml = Peers.Require("dcm2xml", "dcmtk");
        using var directory = new TempDirectory();
        var dump = directory.Combine("in.dump");
        var dicom = directory.Combine("in.dcm");
        await File.WriteAllTextAsync(dump, """
            (0008,0005) CS [ISO_IR 100]
            (0008,0008) CS [ORIGINAL\PRIMARY\\AXIAL]
            (0008,1140) SQ (Sequence with undefined length #=1)
            (fffe,e000) na (Item with undefined length #=1)
            (0008,1155) UI [1.2.3.4.6]
            (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (0010,0010) PN [Buc^Jérôme=^^^Dr]
            (0018,0050) DS [0.4883]
            (0020,9165) AT (0010,0010)\(0020,000d)
            (0028,0010) US 512
            (0043,0010) LO [PRIVATE CREATOR]
            (0043,1001) SS -5
            (7fe0,0010) OB 01\02\03\04
            """.Replace("\r", string.Empty, StringComparison.Ordinal), Encoding.Latin1, TestContext.Current.CancellationToken);
        Assert.Equal(0, (await Peers.RunAsync(dump2dcm, ["-q", dump, dicom], cancellationToken: TestContext.Current.CancellationToken)).ExitCode);
        var xml = await Peers.RunAsync(dcm2xml, ["-q", "-nat", "+Eb", "+U8", dicom], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(xml.ExitCode == 0, xml.StandardError);
        var file = await DicomFile.OpenAsync(dicom, cancellationToken: TestContext.Current.CancellationToken);

        var read = DicomXmlReader.Parse(xml.StandardOutput);

        Assert.Equal(file.Dataset.Select(i => (i.Tag, i.VR)), read.Select(i => (i.Tag, i.VR)));
        foreach (var tag in new[] { DicomTags.ImageType, DicomTags.PatientName, DicomTags.SliceThickness, new DicomTag(0x0020, 0x9165), DicomTags.Rows, new DicomTag(0x0043, 0x1001) })
        {
            Assert.Equal(file.Dataset.GetStrings(tag), read.GetStrings(tag));
        }

        Assert.Equal("Buc^Jérôme=^^^Dr", read.GetString(DicomTags.PatientName));
        Assert.Equal([1, 2, 3, 4], read.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray());
        Assert.Equal("1.2.3.4.6", read.Get<DicomSequence>(DicomTags.ReferencedImageSequence)!.Items[0].GetString(DicomTags.ReferencedSOPInstanceUID));
    }
}
