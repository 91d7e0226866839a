using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;

namespace DicomHub.Dicom.Tests.Conformance;

/// <summary>Issue 15 #1, the rule: a deflated data set is written with even length (PS3.5 A.5) and still reads back.</summary>
public sealed class DeflatedPaddingTests
{
    [Fact]
    public async Task Every_deflated_data_set_is_written_with_even_length_and_reads_back()
    {
        var odd = 0;
        for (var length = 1; length <= 40; length++)
        {
            var dataset = new DicomDataset()
                .AddOrUpdate(DicomTags.SOPInstanceUID, "1.2.3")
                .AddOrUpdate(DicomTags.PatientName, new string('A', length))
                .AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, Enumerable.Range(0, length * 37).Select(i => (byte)(i * i)).ToArray()));
            using var raw = new MemoryStream();
            await using (var deflate = new System.IO.Compression.DeflateStream(raw, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                await deflate.WriteAsync(DicomDatasetWriter.Encode(dataset, TransferSyntax.ExplicitVRLittleEndian), TestContext.Current.CancellationToken);
            }

            odd += (int)(raw.Length & 1);

            var written = DicomDatasetWriter.Encode(dataset, TransferSyntax.DeflatedExplicitVRLittleEndian);
            using var asyncWritten = new MemoryStream();
            await DicomDatasetWriter.WriteAsync(asyncWritten, dataset, TransferSyntax.DeflatedExplicitVRLittleEndian, TestContext.Current.CancellationToken);

            Assert.Equal(0, written.Length & 1);
            Assert.Equal(written, asyncWritten.ToArray());
            using var back = new MemoryStream(written);
            var read = await DicomDatasetReader.ReadAsync(back, TransferSyntax.DeflatedExplicitVRLittleEndian, null, TestContext.Current.CancellationToken);
            Assert.Equal(new string('A', length), read.GetString(DicomTags.PatientName));
        }

        Assert.True(odd > 0, "no case produced an odd raw deflate stream: the test would not exercise the pad");
    }
}
