using System.Buffers;
using System.Buffers.Binary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.Imaging.Codecs;
using DicomHub.Dicom.Imaging.Codecs.Rle;

namespace DicomHub.Dicom.Tests.Imaging;

public class RleCodecTests
{
    private readonly RleCodec _codec = new();

    public static TheoryData<string, ImageDescription> Images => new()
    {
        { "8-bit mono", TestImages.Mono(64, 80, 8, 8) },
        { "16-bit unsigned 12 stored", TestImages.Mono(64, 81, 16, 12) },
        { "16-bit signed 12 stored", TestImages.Mono(33, 64, 16, 12, signed: true) },
        { "16-bit full", TestImages.Mono(40, 300, 16, 16) },
        { "32-bit", TestImages.Mono(20, 30, 32, 32) },
        { "RGB interleaved", TestImages.Rgb(48, 50) },
        { "RGB planar", TestImages.Rgb(48, 50, planarConfiguration: 1) },
        { "RGB 16-bit", TestImages.Rgb(16, 17, bitsAllocated: 16) },
        { "one pixel", TestImages.Mono(1, 1, 16, 16) },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Decode_of_encode_gives_back_the_same_bytes(string name, ImageDescription description)
    {
        var frame = TestImages.Frame(description, seed: name.Length);
        var encoded = Encode(frame, description);
        var decoded = new byte[description.FrameLength];

        _codec.Decode(encoded, description, decoded);

        Assert.Equal(frame, decoded);
        Assert.Equal(0, encoded.Length % 2);
    }

    [Fact]
    public void Header_lists_one_segment_per_byte_of_each_sample_most_significant_first()
    {
        var description = TestImages.Mono(1, 3, 16, 16);
        byte[] frame = [0x01, 0xA0, 0x02, 0xA0, 0x03, 0xA0]; // 0xA001, 0xA002, 0xA003

        var encoded = Encode(frame, description);

        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(encoded));
        Assert.Equal(64u, BinaryPrimitives.ReadUInt32LittleEndian(encoded.AsSpan(4)));
        var second = BinaryPrimitives.ReadUInt32LittleEndian(encoded.AsSpan(8));

        // High bytes A0 A0 A0: one replicate run (-2, A0).
        Assert.Equal(new byte[] { 0xFE, 0xA0 }, encoded[64..(int)second]);

        // Low bytes 01 02 03: one literal run (2, 01 02 03), already even.
        Assert.Equal(new byte[] { 0x02, 0x01, 0x02, 0x03 }, encoded[(int)second..]);
        Assert.All(encoded[12..64], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Runs_are_split_at_128_bytes_and_never_cross_a_row()
    {
        var description = TestImages.Mono(2, 300, 8, 8);
        var frame = new byte[600];
        frame.AsSpan(0, 300).Fill(7);
        for (var i = 300; i < 600; i++)
        {
            frame[i] = (byte)(i * 13); // no two neighbours equal
        }

        var encoded = Encode(frame, description);

        // Row 1: 128 + 128 + 44 replicated; row 2: literals of 128 + 128 + 44.
        var segment = encoded.AsSpan(64);
        Assert.Equal(new byte[] { 0x81, 7, 0x81, 7, 0xD5, 7 }, segment[..6].ToArray());
        Assert.Equal(127, segment[6]);
        Assert.Equal(127, segment[6 + 129]);
        Assert.Equal(43, segment[6 + 258]);
        Assert.Equal(310, segment.Length); // 309 bytes of runs, padded to even length
        Assert.Equal(0, segment[^1]);
    }

    [Fact]
    public void Decodes_a_hand_written_segment_with_a_no_op_and_crossing_rows()
    {
        var description = TestImages.Mono(2, 2, 8, 8);
        var encoded = new byte[64 + 6];
        encoded[0] = 1;
        encoded[4] = 64;

        // -128 (no-op), replicate 3 x 9, literal 1 x 5.
        new byte[] { 0x80, 0xFE, 9, 0x00, 5, 0x00 }.CopyTo(encoded, 64);
        var decoded = new byte[4];

        _codec.Decode(encoded, description, decoded);

        Assert.Equal(new byte[] { 9, 9, 9, 5 }, decoded);
    }

    [Fact]
    public void Truncated_segment_is_a_clear_error()
    {
        var description = TestImages.Mono(8, 8, 8, 8);
        var encoded = Encode(TestImages.Frame(description, 1), description);

        var error = Assert.Throws<DicomImagingException>(() => _codec.Decode(encoded.AsSpan(0, encoded.Length - 10), description, new byte[64]));
        Assert.Contains("segment 1", error.Message);
    }

    [Fact]
    public void Wrong_segment_count_is_a_clear_error()
    {
        var description = TestImages.Mono(8, 8, 8, 8);
        var encoded = Encode(TestImages.Frame(description, 1), description);
        var asSixteenBit = TestImages.Mono(8, 8, 16, 16);

        var error = Assert.Throws<DicomImagingException>(() => _codec.Decode(encoded, asSixteenBit, new byte[128]));
        Assert.Contains("declares 1 segments", error.Message);
    }

    [Fact]
    public void Bits_allocated_1_is_not_supported()
    {
        var description = TestImages.Mono(8, 8, 1, 1);
        Assert.Throws<NotSupportedException>(() => Encode(new byte[8], description));
    }

    private byte[] Encode(byte[] frame, ImageDescription description)
    {
        var output = new ArrayBufferWriter<byte>();
        _codec.Encode(frame, description, CodecParameters.Default, output);
        return output.WrittenSpan.ToArray();
    }
}
