using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Dicom.Json;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Json;

/// <summary>Our DICOM JSON against DCMTK's dcm2json for the same file, compared as JSON (not as text).</summary>
public class DicomJsonDcmtkTests
{
    // A dcmdump-style dump for dump2dcm, Latin-1 encoded: strings, numbers (DS text that a double would change),
    // multi-values with empty entries, nested sequences, AT, private tags, binary data.
    private const string Dump = """
        (0008,0005) CS [ISO_IR 100]
        (0008,0008) CS [ORIGINAL\PRIMARY\\AXIAL]
        (0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]
        (0008,0018) UI [1.2.826.0.1.3680043.2.1125.1.4.5]
        (0008,0020) DA [20240229]
        (0008,0030) TM [071530.25]
        (0008,0050) SH (no value available)
        (0008,0060) CS [OT]
        (0008,1140) SQ (Sequence with undefined length #=2)
        (fffe,e000) na (Item with undefined length #=2)
        (0008,1150) UI [1.2.840.10008.5.1.4.1.1.2]
        (0008,1155) UI [1.2.3.4.6]
        (fffe,e00d) na (ItemDelimitationItem)
        (fffe,e000) na (Item with undefined length #=1)
        (0008,1160) IS [1\2\3]
        (fffe,e00d) na (ItemDelimitationItem)
        (fffe,e0dd) na (SequenceDelimitationItem)
        (0010,0010) PN [Buc^Jérôme]
        (0010,0020) LO [ID1\ID2]
        (0010,1001) PN [Müller^Hans\Meier]
        (0018,0050) DS [0.4883]
        (0018,9327) FD 3.25
        (0020,0013) IS [7]
        (0020,0037) DS [1\0\0\0\1\0]
        (0020,4000) LT [Line one\with a backslash]
        (0020,9165) AT (0010,0010)\(0020,000d)
        (0028,0010) US 2
        (0028,0011) US 3
        (0028,1050) DS [40\-1.5e2]
        (0028,9001) UL 123456
        (0043,0010) LO [PRIVATE CREATOR]
        (0043,1001) SS -5
        (7fe0,0010) OB 01\02\03\04\05\06
        """;

    [Fact]
    public async Task Writes_what_dcm2json_writes()
    {
        var (file, dcmtkJson) = await PrepareAsync();

        var ours = JsonNode.Parse(DicomJsonWriter.Serialize(file.Dataset))!;

        AssertSameModel(JsonNode.Parse(dcmtkJson)!, ours, string.Empty);
    }

    [Fact]
    public async Task Reads_what_dcm2json_writes()
    {
        var (file, dcmtkJson) = await PrepareAsync();

        var read = DicomJsonReader.Parse(dcmtkJson);

        Assert.Equal("Buc^Jérôme", read.GetString(DicomTags.PatientName));
        Assert.Equal(["Müller^Hans", "Meier"], read.GetStrings(DicomTags.OtherPatientNames));
        Assert.Equal("0.4883", read.GetString(DicomTags.SliceThickness));
        Assert.Equal(["40", "-1.5e2"], read.GetStrings(DicomTags.WindowCenter));
        Assert.Equal(file.Dataset.GetStrings(DicomTags.ImageType), read.GetStrings(DicomTags.ImageType));
        Assert.Equal(file.Dataset.GetString(DicomTags.ImageComments), read.GetString(DicomTags.ImageComments));
        Assert.Equal(file.Dataset.GetStrings(new DicomTag(0x0020, 0x9165)), read.GetStrings(new DicomTag(0x0020, 0x9165)));
        Assert.Equal(-5, read.GetInt32(new DicomTag(0x0043, 0x1001)));
        Assert.Equal(3.25, read.GetDouble(new DicomTag(0x0018, 0x9327)));
        Assert.Equal(file.Dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray(), read.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray());
        var items = read.Get<DicomSequence>(DicomTags.ReferencedImageSequence)!.Items;
        Assert.Equal("1.2.3.4.6", items[0].GetString(DicomTags.ReferencedSOPInstanceUID));
        Assert.Equal(["1", "2", "3"], items[1].GetStrings(DicomTags.ReferencedFrameNumber));

        // Every element of the file is there, with the same VR, and writing it again gives dcm2json's model.
        Assert.Equal(file.Dataset.Select(i => (i.Tag, i.VR)), read.Select(i => (i.Tag, i.VR)));
        AssertSameModel(JsonNode.Parse(dcmtkJson)!, JsonNode.Parse(DicomJsonWriter.Serialize(read))!, string.Empty);
    }

    private static async Task<(DicomFile File, string Json)> PrepareAsync()
    {
        var dump2dcm = Peers.Require("dump2dcm", "dcmtk");
        var dcm2json = Peers.Require("dcm2json", "dcmtk");
        using var directory = new TempDirectory();
        var dumpPath = Path.Combine(directory.Path, "in.dump");
        var dicomPath = Path.Combine(directory.Path, "in.dcm");
        await File.WriteAllTextAsync(dumpPath, Dump.Replace("\r", string.Empty, StringComparison.Ordinal), Encoding.Latin1, TestContext.Current.CancellationToken);

        var made = await Peers.RunAsync(dump2dcm, ["-q", dumpPath, dicomPath], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(made.ExitCode == 0, made.StandardError);
        var json = await Peers.RunAsync(dcm2json, ["-q", dicomPath], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(json.ExitCode == 0, json.StandardError);

        var file = await DicomFile.OpenAsync(dicomPath, cancellationToken: TestContext.Current.CancellationToken);
        return (file, json.StandardOutput);
    }

    /// <summary>
    /// The same attributes, VRs and values. Allowed differences: dcm2json rewrites (0008,0005) to ISO_IR 192 (we keep
    /// the data set's), and numbers compare by value (dcm2json may write "007" as 7, where we keep the text).
    /// </summary>
    private static void AssertSameModel(JsonNode expected, JsonNode actual, string path)
    {
        var e = expected.AsObject();
        var a = actual.AsObject();
        Assert.Equal(e.Select(p => p.Key).Where(k => k != "00080005"), a.Select(p => p.Key).Where(k => k != "00080005"));
        foreach (var (key, value) in e)
        {
            if (key == "00080005")
            {
                continue;
            }

            var here = $"{path}/{key}";
            var mine = a[key]!;
            Assert.True(value!["vr"]!.GetValue<string>() == mine["vr"]!.GetValue<string>(), $"VR of {here}");
            var vr = value["vr"]!.GetValue<string>();
            Assert.True(
                value.AsObject().Select(p => p.Key).Order().SequenceEqual(mine.AsObject().Select(p => p.Key).Order()),
                $"{here}: dcm2json {value.ToJsonString()} vs ours {mine.ToJsonString()}");
            if (value["Value"] is not JsonArray values)
            {
                Assert.True(JsonNode.DeepEquals(value, mine), $"{here}: dcm2json {value.ToJsonString()} vs ours {mine.ToJsonString()}");
                continue;
            }

            var ours = mine["Value"]!.AsArray();
            Assert.True(values.Count == ours.Count, $"{here}: {values.ToJsonString()} vs {ours.ToJsonString()}");
            for (var i = 0; i < values.Count; i++)
            {
                if (vr == "SQ")
                {
                    AssertSameModel(values[i]!, ours[i]!, $"{here}[{i}]");
                }
                else if (vr is "DS" or "IS" or "FD" or "FL" && values[i] is not null)
                {
                    Assert.Equal(Number(values[i]!), Number(ours[i]!));
                }
                else
                {
                    Assert.True(JsonNode.DeepEquals(values[i], ours[i]), $"{here}[{i}]: dcm2json {values[i]?.ToJsonString()} vs ours {ours[i]?.ToJsonString()}");
                }
            }
        }
    }

    private static decimal Number(JsonNode node) =>
        decimal.Parse(node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
