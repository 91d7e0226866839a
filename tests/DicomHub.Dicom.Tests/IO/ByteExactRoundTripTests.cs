using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.IO;

/// <summary>Reading then writing in the same transfer syntax reproduces the data set bytes exactly.</summary>
public class ByteExactRoundTripTests
{
    [Theory]
    [InlineData(false, "1.2.840.10008.1.2.1")]
    [InlineData(true, "1.2.840.10008.1.2.1")]
    [InlineData(false, "1.2.840.10008.1.2")]
    [InlineData(true, "1.2.840.10008.1.2.2")]
    public async Task Our_own_file_is_reproduced_byte_for_byte(bool undefinedLengths, string uid)
    {
        var syntax = TransferSyntax.FromUid(uid);
        var bytes = await BadInputTests.WriteAsync(SampleDatasets.Image(sequencesUndefined: undefinedLengths), syntax);

        var file = await BadInputTests.ReadAsync(bytes, seekable: true);

        Assert.Equal(bytes, await BadInputTests.WriteAsync(file.Dataset, syntax));
    }

    [Theory]
    [InlineData("+e")]
    [InlineData("-e")]
    public async Task A_dcmtk_file_is_reproduced_byte_for_byte_after_the_meta(string lengthOption)
    {
        var dcmconv = Peers.Require("dcmconv", "dcmtk");
        using var temp = new TempDirectory();
        var source = temp.Combine("source.dcm");
        var theirs = temp.Combine("theirs.dcm");
        await DicomFile.Create(SampleDatasets.Image(), TransferSyntax.ExplicitVRLittleEndian).SaveAsync(source, TestContext.Current.CancellationToken);
        var result = await Peers.RunAsync(dcmconv, ["+te", lengthOption, source, theirs], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.StandardError);

        var file = await DicomFile.OpenAsync(theirs, cancellationToken: TestContext.Current.CancellationToken);
        using var ours = new MemoryStream();
        await DicomDatasetWriter.WriteAsync(ours, file.Dataset, file.TransferSyntax, TestContext.Current.CancellationToken);

        var theirBytes = await File.ReadAllBytesAsync(theirs, TestContext.Current.CancellationToken);
        var dataSetStart = theirBytes.Length - ours.Length;
        Assert.Equal(theirBytes[(int)dataSetStart..], ours.ToArray());
        Assert.Equal([0x08, 0x00, 0x05, 0x00], theirBytes[(int)dataSetStart..(int)(dataSetStart + 4)]);
    }
}
