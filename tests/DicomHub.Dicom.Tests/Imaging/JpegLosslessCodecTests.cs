using System.Buffers;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.Imaging.Codecs;
using DicomHub.Dicom.Imaging.Codecs.JpegLossless;

namespace DicomHub.Dicom.Tests.Imaging;

public class JpegLosslessCodecTests
{
    private readonly JpegLosslessCodec _codec = new();

    public static TheoryData<string, ImageDescription> Images => new()
    {
        { "8-bit mono", TestImages.Mono(64, 80, 8, 8) },
        { "8-bit 6 stored", TestImages.Mono(20, 21, 8, 6) },
        { "16-bit unsigned 12 stored", TestImages.Mono(64, 81, 16, 12) },
        { "16-bit signed 12 stored", TestImages.Mono(33, 64, 16, 12, signed: true) },
        { "16-bit signed 16 stored", TestImages.Mono(33, 64, 16, 16, signed: true) },
        { "16-bit full", TestImages.Mono(40, 300, 16, 16) },
        { "RGB interleaved", TestImages.Rgb(48, 50) },
        { "RGB planar", TestImages.Rgb(48, 50, planarConfiguration: 1) },
        { "RGB 16-bit", TestImages.Rgb(16, 17, bitsAllocated: 16) },
        { "one pixel", TestImages.Mono(1, 1, 16, 16) },
        { "one column", TestImages.Mono(50, 1, 8, 8) },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Decode_of_encode_gives_back_the_same_bytes(string name, ImageDescription description)
    {
        var frame = TestImages.Frame(description, seed: name.Length);

        var encoded = Encode(_codec, frame, description);

        Assert.Equal(frame, Decode(encoded, description));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Every_predictor_round_trips(int predictor)
    {
        var codec = new JpegLosslessCodec(TransferSyntax.JPEGLossless, predictor);
        foreach (var description in new[] { TestImages.Mono(30, 40, 16, 12, signed: true), TestImages.Rgb(20, 30) })
        {
            var frame = TestImages.Frame(description, predictor);
            var encoded = Encode(codec, frame, description);

            Assert.Equal(predictor, ScanPredictor(encoded));
            Assert.Equal(frame, Decode(encoded, description));
        }
    }

    [Fact]
    public void Extreme_differences_use_category_16_without_extra_bits()
    {
        // 0 next to 32768 and 65535 next to 0 give differences of +-32768 and 1 modulo 2^16.
        var description = TestImages.Mono(2, 4, 16, 16);
        var frame = new byte[16];
        ushort[] values = [0, 32768, 0, 65535, 32768, 32768, 1, 65534];
        Buffer.BlockCopy(values, 0, frame, 0, 16);

        Assert.Equal(frame, Decode(Encode(_codec, frame, description), description));
    }

    [Fact]
    public void Output_is_SOI_SOF3_DHT_SOS_data_EOI_with_stuffed_FF_bytes()
    {
        var description = TestImages.Mono(32, 32, 16, 16);
        var frame = new byte[description.FrameLength];
        new Random(3).NextBytes(frame); // noise makes long codes and FF bytes likely

        var encoded = Encode(_codec, frame, description);

        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0xC3 }, encoded[..4]);
        Assert.Equal(16, encoded[6]); // precision = Bits Allocated
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, encoded[^2..]);
        var scanStart = Array.IndexOf(encoded, (byte)0xDA) + 1;
        scanStart += (encoded[scanStart] << 8) | encoded[scanStart + 1];
        for (var i = scanStart; i < encoded.Length - 2; i++)
        {
            if (encoded[i] == 0xFF)
            {
                Assert.Equal(0, encoded[i + 1]);
                i++;
            }
        }

        Assert.Equal(frame, Decode(encoded, description));
    }

    [Fact]
    public void Decodes_restart_intervals_and_point_transform()
    {
        // Hand-built: 2 x 2, P=8, Pt=1, predictor 1, one restart after each row (DRI 2).
        // Table: category 0 -> '0', category 1 -> '10', category 2 -> '110'.
        // Row 0: initial 2^(8-1-1)=64, samples 64, 65 -> diffs 0, +1. Row 1 after RST0 restarts: 66, 64 -> diffs +2, -2.
        byte[] encoded =
        [
            0xFF, 0xD8,
            0xFF, 0xC3, 0x00, 0x0B, 8, 0, 2, 0, 2, 1, 1, 0x11, 0,
            0xFF, 0xC4, 0x00, 0x16, 0x00, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2,
            0xFF, 0xDD, 0x00, 0x04, 0x00, 0x02,
            0xFF, 0xDA, 0x00, 0x08, 1, 1, 0x00, 1, 0, 0x01,

            // '0' '10' '1' = 0101 + padding 1111 -> 0x5F
            0x5F,
            0xFF, 0xD0,

            // '110' '10' '110' '01' = 110 10 110 01 -> 1101 0110 01 + 111111 -> 0xD6 0x7F
            0xD6, 0x7F,
            0xFF, 0xD9,
        ];
        var description = TestImages.Mono(2, 2, 8, 8);

        var decoded = Decode(encoded, description);

        Assert.Equal(new byte[] { 128, 130, 132, 128 }, decoded);
    }

    [Fact]
    public void Lossy_JPEG_is_rejected_with_the_process_named()
    {
        byte[] baseline = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 8, 0, 2, 0, 2, 1, 1, 0x11, 0, 0xFF, 0xD9];

        var error = Assert.Throws<NotSupportedException>(() => Decode(baseline, TestImages.Mono(2, 2, 8, 8)));
        Assert.Contains("SOF0", error.Message);
    }

    [Fact]
    public void Truncated_data_is_a_clear_error()
    {
        var description = TestImages.Mono(16, 16, 8, 8);
        var encoded = Encode(_codec, TestImages.Frame(description, 1), description);

        Assert.Throws<DicomImagingException>(() => Decode(encoded[..10], description));
        Assert.Throws<DicomImagingException>(() => Decode([0x00, 0x01, 0x02], description));
    }

    [Fact]
    public void Size_mismatch_with_the_data_set_is_a_clear_error()
    {
        var description = TestImages.Mono(16, 16, 8, 8);
        var encoded = Encode(_codec, TestImages.Frame(description, 1), description);

        var error = Assert.Throws<DicomImagingException>(() => Decode(encoded, TestImages.Mono(16, 20, 8, 8)));
        Assert.Contains("Columns 20", error.Message);
    }

    [Fact]
    public void Thirty_two_bit_encoding_is_not_supported()
    {
        var description = TestImages.Mono(4, 4, 32, 32);
        Assert.Throws<NotSupportedException>(() => Encode(_codec, new byte[64], description));
    }

    [Fact]
    public void SV1_syntax_refuses_other_predictors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JpegLosslessCodec(TransferSyntax.JPEGLosslessSV1, 6));
    }

    internal static byte[] Encode(JpegLosslessCodec codec, byte[] frame, ImageDescription description)
    {
        var output = new ArrayBufferWriter<byte>();
        codec.Encode(frame, description, CodecParameters.Default, output);
        return output.WrittenSpan.ToArray();
    }

    private byte[] Decode(byte[] encoded, ImageDescription description)
    {
        var decoded = new byte[description.FrameLength];
        _codec.Decode(encoded, description, decoded);
        return decoded;
    }

    private static int ScanPredictor(byte[] encoded)
    {
        for (var i = 0; i < encoded.Length - 1; i++)
        {
            if (encoded[i] == 0xFF && encoded[i + 1] == 0xDA)
            {
                var components = encoded[i + 4];
                return encoded[i + 5 + (2 * components)];
            }
        }

        return -1;
    }
}
