using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.Imaging.Codecs;
using DicomHub.Dicom.Imaging.Codecs.JpegLossless;
using DicomHub.Dicom.Imaging.Codecs.Rle;

namespace DicomHub.Dicom.Tests.Imaging;

/// <summary>
/// A quick throughput figure for a 512 x 512 16-bit CT-like frame, not a test: it asserts only correctness
/// and prints MB/s (native bytes per second). Explicit, so the suite never depends on timing; run it with
/// dotnet build -c Release tests/DicomHub.Dicom.Tests, then
/// dotnet tests/DicomHub.Dicom.Tests/bin/Release/net10.0/DicomHub.Dicom.Tests.dll -class DicomHub.Dicom.Tests.Imaging.CodecThroughputMeasure -explicit only -showliveoutput
/// </summary>
public class CodecThroughputMeasure
{
    [Fact(Explicit = true)]
    public void Measure_512x512_16_bit()
    {
        var description = TestImages.Mono(512, 512, 16, 12, signed: true);
        var frame = TestImages.Frame(description, 42);
        var lines = new List<string>();
        foreach (var codec in new ITransferSyntaxCodec[] { new RleCodec(), new JpegLosslessCodec() })
        {
            var output = new ArrayBufferWriter<byte>(frame.Length);
            var decoded = new byte[frame.Length];
            codec.Encode(frame, description, CodecParameters.Default, output);
            codec.Decode(output.WrittenSpan, description, decoded);
            Assert.Equal(frame, decoded);

            var encodeSeconds = Time(() =>
            {
                output.ResetWrittenCount();
                codec.Encode(frame, description, CodecParameters.Default, output);
            });
            var decodeSeconds = Time(() => _ = codec.Decode(output.WrittenSpan, description, decoded));
            var megabytes = frame.Length / 1e6;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{codec.TransferSyntax.Keyword}: ratio {(double)frame.Length / output.WrittenCount:F2}, encode {megabytes / encodeSeconds:F0} MB/s, decode {megabytes / decodeSeconds:F0} MB/s"));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, lines));
    }

    /// <summary>Best of several runs of about 0.3 s each: the least disturbed by other processes.</summary>
    private static double Time(Action action)
    {
        for (var i = 0; i < 5; i++)
        {
            action(); // warm up the JIT
        }

        var best = double.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var iterations = 0;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed.TotalSeconds < 0.3)
            {
                action();
                iterations++;
            }

            best = Math.Min(best, watch.Elapsed.TotalSeconds / iterations);
        }

        return best;
    }
}
