using System.Buffers;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>
/// Writes entropy-coded bits most significant first into an <see cref="IBufferWriter{T}"/>, inserting a
/// 0x00 after every 0xFF byte (T.81 F.1.2.3) so that data never looks like a marker.
/// </summary>
internal ref struct JpegBitWriter
{
    private const int ChunkSize = 1 << 16;
    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _position;
    private ulong _accumulator;
    private int _bitCount;

    public JpegBitWriter(IBufferWriter<byte> output)
    {
        _output = output;
        _span = output.GetSpan(ChunkSize);
    }

    /// <summary>Appends the low <paramref name="count"/> bits of <paramref name="value"/> (count at most 32).</summary>
    public void Write(uint value, int count)
    {
        _accumulator = (_accumulator << count) | (value & (uint)((1UL << count) - 1));
        _bitCount += count;
        while (_bitCount >= 8)
        {
            _bitCount -= 8;
            var b = (byte)(_accumulator >> _bitCount);
            Put(b);
            if (b == 0xFF)
            {
                Put(0);
            }
        }
    }

    /// <summary>Pads the last byte with one-bits (F.1.2.3) and hands the bytes to the output.</summary>
    public void Flush()
    {
        if (_bitCount > 0)
        {
            Write((1u << (8 - _bitCount)) - 1, 8 - _bitCount);
        }

        _output.Advance(_position);
        _position = 0;
        _span = default;
    }

    private void Put(byte value)
    {
        if (_position == _span.Length)
        {
            _output.Advance(_position);
            _span = _output.GetSpan(ChunkSize);
            _position = 0;
        }

        _span[_position++] = value;
    }
}
