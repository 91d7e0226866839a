using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Conformance;

/// <summary>
/// Issue 15 #3 against DCMTK and dciodvfy: an instance stored in Implicit VR Little Endian, retrieved by getscu
/// (which gets Explicit VR Little Endian), has OW Pixel Data and SS pixel values; WADO-RS metadata says SS too.
/// </summary>
public sealed class CGetVRConversionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Getscu_receives_OW_pixel_data_and_SS_values_that_dciodvfy_accepts()
    {
        var dciodvfy = Peers.Require("dciodvfy", "dicom3tools");
        await using var archive = await ConformanceArchive.StartAsync();
        var dataset = SignedImplicitImage("7.1.1.1");
        var file = await archive.WriteFileAsync(dataset, TransferSyntax.ImplicitVRLittleEndian);
        var store = await archive.StorescuAsync([file], "-xi");
        Assert.True(store.ExitCode == 0, store.ToString());

        var (run, folder) = await archive.GetscuStudyAsync("7.1");

        Assert.True(run.ExitCode == 0, run.ToString());
        var received = Assert.Single(Directory.GetFiles(folder));
        var parsed = await DicomFile.OpenAsync(received, cancellationToken: Ct);
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, parsed.TransferSyntax);
        Assert.Equal(DicomVR.OW, parsed.Dataset[DicomTags.PixelData]!.VR);
        Assert.Equal(DicomVR.SS, parsed.Dataset[DicomTags.SmallestImagePixelValue]!.VR);
        Assert.Equal(-100, parsed.Dataset.GetInt32(DicomTags.SmallestImagePixelValue));
        var verify = await Peers.RunAsync(dciodvfy, [received], cancellationToken: Ct);
        var output = verify.StandardOutput + verify.StandardError;
        Assert.DoesNotContain("Invalid Value Representation", output, StringComparison.Ordinal);

        var metadata = await archive.Server.Client.GetStringAsync("studies/7.1/metadata", Ct);
        Assert.Contains("\"00280106\":{\"vr\":\"SS\",\"Value\":[-100]}", metadata, StringComparison.Ordinal);
    }

    internal static DicomDataset SignedImplicitImage(string sopInstanceUid)
    {
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset(sopInstanceUid, study: "7.1", series: "7.1.1"), rows: 8, columns: 8);
        dataset.AddOrUpdate(DicomTags.PixelRepresentation, DicomVR.US, 1);
        dataset.AddOrUpdate(DicomTags.SmallestImagePixelValue, DicomVR.SS, -100);
        dataset.AddOrUpdate(DicomTags.LargestImagePixelValue, DicomVR.SS, 900);
        return dataset;
    }
}
