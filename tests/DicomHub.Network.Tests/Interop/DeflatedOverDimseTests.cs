using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Network.Scu;
using DicomHub.Testing;

namespace DicomHub.Network.Tests.Interop;

/// <summary>
/// Issue 15 #1: a Deflated Explicit VR Little Endian file as DCMTK's dcmconv +td writes it (an odd-length deflated
/// stream, no trailing pad) went onto the wire in an odd-length PDV and storescp aborted ("Odd Fragment Length").
/// The sender pads the data set to even length (PS3.5 A.5), and storescp stores it.
/// </summary>
public sealed class DeflatedOverDimseTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_odd_length_deflated_file_from_dcmconv_is_stored_by_storescp()
    {
        using var source = new TempDirectory();
        var (uid, deflated) = await OddDeflatedFileAsync(source);
        await using var storescp = await Storescp.StartAsync("+B", "+xd");

        var result = Assert.Single(await new DicomStoreSender(storescp.Node, new DicomClientOptions { CallingAeTitle = "DICOMHUB" })
            .SendAsync([(await DicomStoreItem.FromFileAsync(deflated, Cancel))!], cancellationToken: Cancel));

        Assert.True(result.IsSuccess, result.Reason);
        Assert.Equal(TransferSyntax.DeflatedExplicitVRLittleEndian, result.SentAs);
        var sent = await DicomFile.OpenAsync(deflated, cancellationToken: Cancel);
        var received = await DicomFile.OpenAsync(storescp.FileFor(uid), cancellationToken: Cancel);
        Assert.Equal(TransferSyntax.DeflatedExplicitVRLittleEndian, received.TransferSyntax);
        Assert.Equal(
            DicomDatasetWriter.Encode(sent.Dataset, TransferSyntax.ExplicitVRLittleEndian),
            DicomDatasetWriter.Encode(received.Dataset, TransferSyntax.ExplicitVRLittleEndian));
    }

    /// <summary>A file deflated by dcmconv +td whose deflated data set has odd length (pixel sizes tried until one does).</summary>
    internal static async Task<(string Uid, string Path)> OddDeflatedFileAsync(TempDirectory folder)
    {
        var dcmconv = Peers.Require("dcmconv", "dcmtk");
        for (var pixelBytes = 1000; pixelBytes < 1100; pixelBytes += 2)
        {
            var uid = TestData.NewUid();
            var native = TestData.WriteFile(folder.Path, uid, pixelBytes);
            var deflated = Path.Combine(folder.Path, uid + ".deflated.dcm");
            var run = await Peers.RunAsync(dcmconv, ["+td", native, deflated], cancellationToken: Cancel);
            Assert.True(run.ExitCode == 0, run.StandardError);
            var meta = await Part10Header.TryReadAsync(deflated, Cancel);
            if (((new FileInfo(deflated).Length - meta!.DatasetOffset) & 1) == 1)
            {
                return (uid, deflated);
            }
        }

        throw new InvalidOperationException("dcmconv +td wrote only even-length deflated data sets for 50 sizes.");
    }
}
