using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Conformance;

/// <summary>
/// Issue 15 #2 against getscu: the archive accepts a C-GET storage context in the proposer's order, not in its own
/// preference. getscu +xb proposes Big Endian first (then Explicit and Implicit Little Endian): the instance comes
/// back in Big Endian, converted from the stored Explicit Little Endian (before: Explicit Little Endian was chosen).
/// </summary>
public sealed class CGetContextPolicyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("+xb", "1.2.840.10008.1.2.2")]
    [InlineData("+xe", "1.2.840.10008.1.2.1")]
    public async Task Getscu_gets_its_first_proposed_syntax(string preference, string expectedSyntax)
    {
        await using var archive = await ConformanceArchive.StartAsync();
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset("6.1.1.1", study: "6.1", series: "6.1.1"), rows: 8, columns: 8);
        var file = await archive.WriteFileAsync(dataset, TransferSyntax.ExplicitVRLittleEndian);
        var store = await archive.StorescuAsync([file]);
        Assert.True(store.ExitCode == 0, store.ToString());

        var (run, folder) = await archive.GetscuStudyAsync("6.1", preference);

        Assert.True(run.ExitCode == 0, run.ToString());
        var received = await DicomFile.OpenAsync(Assert.Single(Directory.GetFiles(folder)), cancellationToken: Ct);
        Assert.Equal(expectedSyntax, received.TransferSyntax.Uid);
        Assert.Equal(
            DicomDatasetWriter.Encode(dataset, TransferSyntax.ExplicitVRLittleEndian),
            DicomDatasetWriter.Encode(received.Dataset, TransferSyntax.ExplicitVRLittleEndian));
    }
}
