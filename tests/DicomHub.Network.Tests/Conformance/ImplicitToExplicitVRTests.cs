using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Network.Scu;

namespace DicomHub.Network.Tests.Conformance;

/// <summary>
/// Issue 15 #3 in the streamed converter C-GET and C-STORE use: Implicit to Explicit VR Little Endian writes
/// 16-bit Pixel Data as OW (was OB, a dciodvfy error), 8-bit as OB, and signed pixel values as SS.
/// </summary>
public sealed class ImplicitToExplicitVRTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(16, 1, "OW", "SS")]
    [InlineData(16, 0, "OW", "US")]
    [InlineData(8, 0, "OB", "US")]
    public async Task The_converter_labels_pixel_data_and_pixel_values_from_the_image_attributes(int bitsAllocated, int pixelRepresentation, string pixelVR, string valueVR)
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTags.SOPInstanceUID, "1.2.3.4")
            .AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, bitsAllocated)
            .AddOrUpdate(DicomTags.PixelRepresentation, DicomVR.US, pixelRepresentation)
            .AddOrUpdate(DicomTags.SmallestImagePixelValue, pixelRepresentation == 1 ? DicomVR.SS : DicomVR.US, 7)
            .AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, new byte[64]));
        var implicitBytes = DicomDatasetWriter.Encode(dataset, TransferSyntax.ImplicitVRLittleEndian);

        await using var converted = new NativeSyntaxTranscoder().Transcode(new MemoryStream(implicitBytes), TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian, Cancel);
        using var explicitBytes = new MemoryStream();
        await converted.CopyToAsync(explicitBytes, Cancel);
        explicitBytes.Position = 0;
        var read = await DicomDatasetReader.ReadAsync(explicitBytes, TransferSyntax.ExplicitVRLittleEndian, null, Cancel);

        Assert.Equal(pixelVR, read[DicomTags.PixelData]!.VR.Code());
        Assert.Equal(valueVR, read[DicomTags.SmallestImagePixelValue]!.VR.Code());
        Assert.Equal(7, read.GetInt32(DicomTags.SmallestImagePixelValue));
    }
}
