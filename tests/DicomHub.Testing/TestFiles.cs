using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using Xunit;

namespace DicomHub.Testing;

/// <summary>Part 10 bytes of small CT-like instances with 16-bit pixels, made with the toolkit writer.</summary>
public static class TestFiles
{
    public static DicomDataset WithPixels(DicomDataset dataset, int rows = 4, int columns = 4)
    {
        dataset.AddOrUpdate(DicomTags.Rows, DicomVR.US, rows);
        dataset.AddOrUpdate(DicomTags.Columns, DicomVR.US, columns);
        dataset.AddOrUpdate(DicomTags.SamplesPerPixel, DicomVR.US, 1);
        dataset.AddOrUpdate(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        dataset.AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, 16);
        dataset.AddOrUpdate(DicomTags.BitsStored, DicomVR.US, 12);
        dataset.AddOrUpdate(DicomTags.HighBit, DicomVR.US, 11);
        dataset.AddOrUpdate(DicomTags.PixelRepresentation, DicomVR.US, 0);
        var pixels = new byte[rows * columns * 2];
        for (var i = 0; i < rows * columns; i++)
        {
            pixels[i * 2] = (byte)(i * 16);
            pixels[(i * 2) + 1] = (byte)(i % 16);
        }

        dataset.AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, pixels));
        return dataset;
    }

    public static async Task<byte[]> Part10Async(DicomDataset dataset, TransferSyntax? syntax = null)
    {
        using var buffer = new MemoryStream();
        await DicomFile.Create(dataset, syntax ?? TransferSyntax.ExplicitVRLittleEndian).WriteAsync(buffer, TestContext.Current.CancellationToken);
        return buffer.ToArray();
    }

    public static Task<byte[]> InstanceAsync(string sop, string study = "1.2.3.1", string series = "1.2.3.1.1", TransferSyntax? syntax = null) =>
        Part10Async(WithPixels(TestDatasets.Dataset(sop, study: study, series: series)), syntax);
}
