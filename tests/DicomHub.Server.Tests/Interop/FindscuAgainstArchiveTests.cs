using System.Globalization;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Interop;

/// <summary>DCMTK's findscu queries the archive's C-FIND SCP; the identifiers it extracts (-X) are checked.</summary>
public sealed class FindscuAgainstArchiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StudyRootStudyLevelReturnsTheMatchingStudiesWithTheRequestedKeys()
    {
        await using var archive = await ArchiveWithStudiesAsync();
        var responses = await FindAsync(archive, ["-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=PID1", "-k", "StudyInstanceUID", "-k", "PatientName", "-k", "ModalitiesInStudy", "-k", "NumberOfStudyRelatedInstances", "-k", "StudyDescription"]);

        Assert.Equal(["1.2.3.1", "1.2.3.2"], responses.Select(r => r.GetString(DicomTags.StudyInstanceUID)).Order());
        var first = responses.Single(r => r.GetString(DicomTags.StudyInstanceUID) == "1.2.3.1");
        Assert.Equal("DOE^JOHN", first.GetString(DicomTags.PatientName));
        Assert.Equal("PID1", first.GetString(DicomTags.PatientID));
        Assert.Equal("STUDY", first.GetString(DicomTags.QueryRetrieveLevel));
        Assert.Equal("2", first.GetString(DicomTags.NumberOfStudyRelatedInstances));
        Assert.Equal(["CT", "MR"], first.GetStrings(DicomTags.ModalitiesInStudy).Order());

        // Requested but not held: returned with zero length (PS3.4 C.4.1.1.3.2); never asked for: absent.
        Assert.True(first.Contains(DicomTags.StudyDescription));
        Assert.Equal(string.Empty, first.GetString(DicomTags.StudyDescription) ?? string.Empty);
        Assert.False(first.Contains(DicomTags.AccessionNumber));
    }

    [Fact]
    public async Task WildcardAndRangeMatchingAtSeriesAndImageLevels()
    {
        await using var archive = await ArchiveWithStudiesAsync();
        var studies = await FindAsync(archive, ["-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=sm*", "-k", "StudyDate=20210101-", "-k", "StudyInstanceUID"]);
        Assert.Equal("1.2.3.3", Assert.Single(studies).GetString(DicomTags.StudyInstanceUID));

        var series = await FindAsync(archive, ["-S", "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=1.2.3.1", "-k", "SeriesInstanceUID", "-k", "Modality=MR"]);
        Assert.Equal("1.2.3.1.2", Assert.Single(series).GetString(DicomTags.SeriesInstanceUID));

        var images = await FindAsync(archive, ["-S", "-k", "QueryRetrieveLevel=IMAGE", "-k", "StudyInstanceUID=1.2.3.1", "-k", "SOPInstanceUID", "-k", "InstanceNumber"]);
        Assert.Equal(["2.1", "2.2"], images.Select(r => r.GetString(DicomTags.SOPInstanceUID)).Order());
        Assert.All(images, r => Assert.Equal("IMAGE", r.GetString(DicomTags.QueryRetrieveLevel)));
    }

    [Fact]
    public async Task SequenceMatchingSelectsTheSeriesWhoseRequestAttributesMatch()
    {
        await using var archive = await ArchiveWithStudiesAsync();
        string[] seriesOf1231 = ["-S", "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=1.2.3.1", "-k", "SeriesInstanceUID"];

        // PS3.4 C.2.2.2.6: one item whose valued attributes must all match one stored item.
        var exact = await FindAsync(archive, [.. seriesOf1231, "-k", "RequestAttributesSequence[0].RequestedProcedureID=RP2", "-k", "RequestAttributesSequence[0].ScheduledProcedureStepID"]);
        var match = Assert.Single(exact);
        Assert.Equal("1.2.3.1.2", match.GetString(DicomTags.SeriesInstanceUID));
        var returned = Assert.Single(match.Get<DicomSequence>(DicomTags.RequestAttributesSequence)!.Items);
        Assert.Equal("SPS2", returned.GetString(DicomTags.ScheduledProcedureStepID));

        var wildcard = await FindAsync(archive, [.. seriesOf1231, "-k", "RequestAttributesSequence[0].RequestedProcedureID=RP*"]);
        Assert.Equal(["1.2.3.1.1", "1.2.3.1.2"], wildcard.Select(r => r.GetString(DicomTags.SeriesInstanceUID)).Order());

        // Both keys must match the same item: RP1 with SPS2 is in no stored item.
        var crossed = await FindAsync(archive, [.. seriesOf1231, "-k", "RequestAttributesSequence[0].RequestedProcedureID=RP1", "-k", "RequestAttributesSequence[0].ScheduledProcedureStepID=SPS2"]);
        Assert.Empty(crossed);

        // An empty item is universal matching: every series comes back.
        var universal = await FindAsync(archive, [.. seriesOf1231, "-k", "RequestAttributesSequence[0].RequestedProcedureID"]);
        Assert.Equal(2, universal.Count);
    }

    [Fact]
    public async Task NonAsciiNamesMatchAndComeBackInUtf8WithTheirCharacterSet()
    {
        await using var archive = await ArchiveWithStudiesAsync();
        var studies = await FindAsync(archive, ["-S", "-k", "SpecificCharacterSet=ISO_IR 192", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=Mü*", "-k", "StudyInstanceUID"]);

        var study = Assert.Single(studies);
        Assert.Equal("1.2.3.4", study.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal("ISO_IR 192", study.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("MÜLLER^JÜRGEN", study.GetString(DicomTags.PatientName));
    }

    [Fact]
    public async Task PatientRootPatientLevelFindsEachPatientOnce()
    {
        await using var archive = await ArchiveWithStudiesAsync();
        var patients = await FindAsync(archive, ["-P", "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID", "-k", "PatientName"]);
        Assert.Equal(["PID1", "PID2", "PID3"], patients.Select(r => r.GetString(DicomTags.PatientID)).Order());
    }

    [Fact]
    public async Task PatientLevelOnStudyRootIsRefusedWithTheReason()
    {
        await using var archive = await ArchiveWithStudiesAsync(storeInstances: false);
        var findscu = Peers.Require("findscu", "dcmtk");
        var run = await Peers.RunAsync(findscu, ["-d", "-S", "-aec", "DICOMHUB", "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID", "127.0.0.1", Port(archive)], cancellationToken: Ct);
        var output = run.StandardOutput + run.StandardError;
        Assert.True(output.Contains("DIMSE Status                  : 0xa900", StringComparison.Ordinal), output);
        Assert.True(output.Contains("ErrorComment", StringComparison.Ordinal), output);
        Assert.True(output.Contains("Patient Root", StringComparison.Ordinal), output);
    }

    [Theory]
    [InlineData("StudyDate=2021AB01", "0xc000", "2021AB01")]
    [InlineData("StudyDate=20210231-", "0xc000", "20210231")]
    [InlineData("StudyTime=2599", "0xc000", "2599")]
    public async Task AMalformedDateOrTimeKeyIsRefusedWithC000NamingTheValue(string key, string status, string named)
    {
        await using var archive = await ArchiveWithStudiesAsync(storeInstances: false);
        var findscu = Peers.Require("findscu", "dcmtk");
        var run = await Peers.RunAsync(findscu, ["-d", "-S", "-aec", "DICOMHUB", "-k", "QueryRetrieveLevel=STUDY", "-k", key, "-k", "StudyInstanceUID", "127.0.0.1", Port(archive)], cancellationToken: Ct);
        var output = run.StandardOutput + run.StandardError;
        Assert.Contains($"DIMSE Status                  : {status}", output, StringComparison.Ordinal);
        Assert.Contains(named, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownLevelIsRefusedWithA900()
    {
        await using var archive = await ArchiveWithStudiesAsync(storeInstances: false);
        var findscu = Peers.Require("findscu", "dcmtk");
        var run = await Peers.RunAsync(findscu, ["-d", "-S", "-aec", "DICOMHUB", "-k", "QueryRetrieveLevel=FRAME", "-k", "StudyInstanceUID", "127.0.0.1", Port(archive)], cancellationToken: Ct);
        var output = run.StandardOutput + run.StandardError;
        Assert.Contains("DIMSE Status                  : 0xa900", output, StringComparison.Ordinal);
        Assert.Contains("FRAME", output, StringComparison.Ordinal);
    }

    private static string Port(ServerFixture archive) => archive.DimsePort!.Value.ToString(CultureInfo.InvariantCulture);

    private static async Task<List<DicomDataset>> FindAsync(ServerFixture archive, string[] arguments)
    {
        var findscu = Peers.Require("findscu", "dcmtk");
        using var output = new TempDirectory("findscu-out");
        var run = await Peers.RunAsync(findscu, ["-aet", "FINDSCU", "-aec", "DICOMHUB", "-X", "-od", output.Path, .. arguments, "127.0.0.1", Port(archive)], cancellationToken: Ct);
        Assert.True(run.ExitCode == 0, $"findscu failed ({run.ExitCode}): {run.StandardOutput}{run.StandardError}");
        var responses = new List<DicomDataset>();
        foreach (var file in Directory.GetFiles(output.Path).Order())
        {
            responses.Add((await DicomFile.OpenAsync(file, cancellationToken: Ct)).Dataset);
        }

        return responses;
    }

    private static DicomDataset WithRequest(DicomDataset dataset, string requestedProcedureId, string stepId)
    {
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTags.RequestedProcedureID, DicomVR.SH, requestedProcedureId);
        item.AddOrUpdate(DicomTags.ScheduledProcedureStepID, DicomVR.SH, stepId);
        dataset.AddOrUpdate(new DicomSequence(DicomTags.RequestAttributesSequence, [item]));
        return dataset;
    }

    private static DicomDataset Utf8(DicomDataset dataset, string patientName)
    {
        dataset.AddOrUpdate(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        dataset.AddOrUpdate(DicomTags.PatientName, DicomVR.PN, patientName);
        return dataset;
    }

    /// <summary>An archive holding study 1.2.3.1 (PID1, CT + MR series), 1.2.3.2 (PID1) and 1.2.3.3 (PID2, SMITH, 2021) and 1.2.3.4 (PID3, a UTF-8 name), stored by C-STORE.</summary>
    internal static async Task<ServerFixture> ArchiveWithStudiesAsync(bool storeInstances = true)
    {
        var archive = await ServerFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Dimse:Enabled"] = "true",
            ["Dimse:Port"] = "0",
            ["Dimse:AeTitle"] = "DICOMHUB",
        });
        if (!storeInstances)
        {
            return archive;
        }

        try
        {
            var storescu = Peers.Require("storescu", "dcmtk");
            using var files = new TempDirectory("findscu-in");
            DicomDataset[] datasets =
            [
                WithRequest(TestDatasets.Dataset("2.1", study: "1.2.3.1", series: "1.2.3.1.1", modality: "CT"), "RP1", "SPS1"),
                WithRequest(TestDatasets.Dataset("2.2", study: "1.2.3.1", series: "1.2.3.1.2", modality: "MR", instanceNumber: "2"), "RP2", "SPS2"),
                TestDatasets.Dataset("2.3", study: "1.2.3.2", series: "1.2.3.2.1", studyDate: "20190301"),
                TestDatasets.Dataset("2.4", study: "1.2.3.3", series: "1.2.3.3.1", patientName: "SMITH^ANNA", patientId: "PID2", studyDate: "20210610"),
                Utf8(TestDatasets.Dataset("2.5", study: "1.2.3.4", series: "1.2.3.4.1", patientId: "PID3", studyDate: "20180101"), "MÜLLER^JÜRGEN"),
            ];
            for (var i = 0; i < datasets.Length; i++)
            {
                await File.WriteAllBytesAsync(files.Combine($"IM{i}.dcm"), await TestFiles.Part10Async(TestFiles.WithPixels(datasets[i], rows: 4, columns: 4)), Ct);
            }

            var run = await Peers.RunAsync(storescu, ["-aet", "STORESCU", "-aec", "DICOMHUB", "127.0.0.1", Port(archive), .. Directory.GetFiles(files.Path).Order()], cancellationToken: Ct);
            Assert.True(run.ExitCode == 0, $"storescu failed ({run.ExitCode}): {run.StandardError}");
            return archive;
        }
        catch
        {
            await archive.DisposeAsync();
            throw;
        }
    }
}
