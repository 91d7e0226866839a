using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Interop;

/// <summary>DCMTK's getscu retrieves from the archive's C-GET SCP: the instances come back on getscu's own association.</summary>
public sealed class GetscuAgainstArchiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StudyRootGetReturnsTheStudyByteForByteOnTheSameAssociation()
    {
        await using var scenario = await RetrieveScenario.StartAsync();
        using var output = new TempDirectory("getscu-out");

        var run = await GetAsync(scenario, output.Path, ["-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={RetrieveScenario.Study}"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var log = run.StandardOutput + run.StandardError;
        Assert.Matches(@"Remaining Suboperations\s+: 2", log);
        Assert.Matches(@"Completed Suboperations\s+: 3", log);
        Assert.Matches(@"DIMSE Status\s+: 0x0000: Success", log);
        await scenario.AssertReceivedStudyAsync(output.Path);
    }

    [Fact]
    public async Task AnInstanceIsConvertedWhenTheRequestorDoesNotAcceptTheStoredSyntax()
    {
        // The archive holds Implicit VR Little Endian; getscu proposes its storage contexts with Explicit VR Little Endian only.
        await using var scenario = await RetrieveScenario.StartAsync(syntax: TransferSyntax.ImplicitVRLittleEndian);
        using var output = new TempDirectory("getscu-out");

        var run = await GetAsync(scenario, output.Path, ["-P", "-k", "QueryRetrieveLevel=IMAGE", "-k", "PatientID=PID1", "-k", $"StudyInstanceUID={RetrieveScenario.Study}",
            "-k", "SeriesInstanceUID=1.2.3.1.2", "-k", "SOPInstanceUID=9.3"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var file = Assert.Single(Directory.GetFiles(output.Path));
        var received = await DicomFile.OpenAsync(file, cancellationToken: Ct);
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, received.TransferSyntax);
        using var stored = new MemoryStream(scenario.Datasets["9.3"]);
        var original = await DicomDatasetReader.ReadAsync(stored, TransferSyntax.ImplicitVRLittleEndian, null, Ct);
        Assert.Equal(DicomDatasetWriter.Encode(original, TransferSyntax.ImplicitVRLittleEndian), DicomDatasetWriter.Encode(received.Dataset, TransferSyntax.ImplicitVRLittleEndian));
    }

    [Fact]
    public async Task AMalformedIdentifierIsRefusedWithoutSubOperations()
    {
        await using var scenario = await RetrieveScenario.StartAsync();
        using var output = new TempDirectory("getscu-out");

        var run = await GetAsync(scenario, output.Path, ["-S", "-k", "QueryRetrieveLevel=IMAGE", "-k", $"StudyInstanceUID={RetrieveScenario.Study}"]);

        var log = run.StandardOutput + run.StandardError;
        Assert.Contains("0xa900", log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SOPInstanceUID", log, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(output.Path));
    }

    private static async Task<ProcessResult> GetAsync(RetrieveScenario scenario, string output, string[] arguments)
    {
        var getscu = Peers.Require("getscu", "dcmtk");
        return await Peers.RunAsync(getscu, ["-v", "-d", "-aet", "GETSCU", "-aec", "DICOMHUB", "-od", output, .. arguments, "127.0.0.1", scenario.Port], cancellationToken: Ct);
    }
}
