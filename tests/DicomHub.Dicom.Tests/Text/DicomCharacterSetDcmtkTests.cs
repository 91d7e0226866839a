using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Text;

/// <summary>
/// Our encoders against DCMTK's converter (dcmconv +U8 / +C, which uses the C library's iconv): what we write in a
/// character set, DCMTK converts to the same UTF-8 text; what DCMTK writes in a set, we decode to the same text.
/// The ISO 2022 multi-byte sets are not covered here: this DCMTK build's iconv cannot convert them (the PS3.5
/// Annex H/I/J examples check those byte for byte instead).
/// </summary>
public class DicomCharacterSetDcmtkTests
{
    public static TheoryData<string, string> Samples => new()
    {
        { "ISO_IR 100", "Buc^Jérôme" },
        { "ISO_IR 101", "Wałęsa^Łódź" },
        { "ISO_IR 144", "Люксембург^Иван" },
        { "ISO_IR 126", "Διονυσιος" },
        { "ISO_IR 138", "שרון^דבורה" },
        { "ISO_IR 127", "قباني^لنزار" },
        { "ISO_IR 148", "Şükrü^İsmail" },
        { "ISO_IR 166", "สมชาย^ใจดี" },
        { "GB18030", "Wang^XiaoDong=王^小東" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Dcmtk_reads_what_we_encode(string term, string name)
    {
        var dcmconv = Peers.Require("dcmconv", "dcmtk");
        using var directory = new TempDirectory();
        var source = directory.Combine("ours.dcm");
        var utf8 = directory.Combine("utf8.dcm");
        await DicomFile.Create(Dataset(term, name), TransferSyntax.ExplicitVRLittleEndian).SaveAsync(source, TestContext.Current.CancellationToken);

        var result = await Peers.RunAsync(dcmconv, ["+U8", source, utf8], cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var converted = await DicomFile.OpenAsync(utf8, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["ISO_IR 192"], converted.Dataset.GetStrings(DicomTags.SpecificCharacterSet));
        Assert.Equal(name, converted.Dataset.GetString(DicomTags.PatientName));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task We_read_what_dcmtk_encodes(string term, string name)
    {
        var dcmconv = Peers.Require("dcmconv", "dcmtk");
        using var directory = new TempDirectory();
        var source = directory.Combine("utf8.dcm");
        var target = directory.Combine("dcmtk.dcm");
        await DicomFile.Create(Dataset("ISO_IR 192", name), TransferSyntax.ExplicitVRLittleEndian).SaveAsync(source, TestContext.Current.CancellationToken);

        var result = await Peers.RunAsync(dcmconv, ["+C", term, source, target], cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var converted = await DicomFile.OpenAsync(target, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([term], converted.Dataset.GetStrings(DicomTags.SpecificCharacterSet));
        Assert.Equal(name, converted.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal(
            DicomHub.Dicom.Text.DicomCharacterSet.FromTerms([term]).EncodeStrings([name], DicomVR.PN),
            converted.Dataset.Get<DicomElement>(DicomTags.PatientName)!.Buffer.Memory.ToArray());
    }

    private static DicomDataset Dataset(string term, string name)
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.SpecificCharacterSet, term);
        dataset.AddOrUpdate(DicomTags.SOPClassUID, DicomUids.SecondaryCaptureImageStorage);
        dataset.AddOrUpdate(DicomTags.SOPInstanceUID, DicomUid.Generate());
        dataset.AddOrUpdate(DicomTags.PatientName, name);
        return dataset;
    }
}
