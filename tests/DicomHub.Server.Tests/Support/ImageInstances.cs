using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Support;

/// <summary>Multi-frame test images whose pixels say which frame and column they are, native or compressed by the toolkit.</summary>
internal static class ImageInstances
{
    public const int Rows = 8;
    public const int Columns = 16;

    /// <summary>The stored value of a pixel: frame (1-based) times 1000 plus ten times the column.</summary>
    public static int PixelValue(int frame, int column) => (frame * 1000) + (column * 10);

    public static DicomDataset MultiFrame(string sop, int frames, string study = "1.2.3.1", string series = "1.2.3.1.1")
    {
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset(sop, study: study, series: series), Rows, Columns);
        dataset.AddOrUpdate(DicomTags.NumberOfFrames, DicomVR.IS, frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var pixels = new byte[frames * Rows * Columns * 2];
        for (var f = 0; f < frames; f++)
        {
            for (var i = 0; i < Rows * Columns; i++)
            {
                var value = PixelValue(f + 1, i % Columns);
                var offset = ((f * Rows * Columns) + i) * 2;
                pixels[offset] = (byte)value;
                pixels[offset + 1] = (byte)(value >> 8);
            }
        }

        dataset.AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, pixels));
        return dataset;
    }

    /// <summary>Part 10 bytes of <paramref name="dataset"/> encoded in <paramref name="syntax"/> (compressed by the toolkit's codecs).</summary>
    public static async Task<byte[]> EncodeAsync(DicomDataset dataset, TransferSyntax syntax)
    {
        var encoded = syntax.IsEncapsulated
            ? await TestCodecs.Transcoder.TranscodeAsync(dataset, TransferSyntax.ExplicitVRLittleEndian, syntax, cancellationToken: TestContext.Current.CancellationToken)
            : dataset;
        return await TestFiles.Part10Async(encoded, syntax);
    }

    /// <summary>The 8-bit value of a linear window (PS3.3 C.11.2.1.2.1) for a stored value, rescale 1/0.</summary>
    public static int Windowed(double value, double center, double width)
    {
        var y = (((value - (center - 0.5)) / (width - 1)) + 0.5) * 255;
        return (int)Math.Round(Math.Clamp(y, 0, 255));
    }
}
