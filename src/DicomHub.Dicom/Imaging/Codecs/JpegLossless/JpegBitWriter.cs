using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>
/// Writes entropy-coded bits most significant first into an <see cref="IBufferWriter{T}"/>, inserting a
/// 0x00 after every 0xFF byte (T.81 F.1.2.3) so that data never looks like a marker. Bits leave in 32-bit
/// words; only a word that holds an 0xFF byte goes byte by byte.
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(uint value, int count)
    {
        _accumulator = (_accumulator << count) | (value & (uint)((1UL << count) - 1));
        _bitCount += count;
        if (_bitCount >= 32)
        {
            WriteWord();
        }
    }

    /// <summary>Pads the last byte with one-bits (F.1.2.3) and hands the bytes to the output.</summary>
    public void Flush()
    {
        if ((_bitCount & 7) != 0)
        {
            var padding = 8 - (_bitCount & 7);
            _accumulator = (_accumulator << padding) | ((1UL << padding) - 1);
            _bitCount += padding;
        }

        while (_bitCount >= 8)
        {
            _bitCount -= 8;
            PutStuffed((byte)(_accumulator >> _bitCount));
        }

        _output.Advance(_position);
        _position = 0;
        _span = default;
    }

    private void WriteWord()
    {
        _bitCount -= 32;
        var word = (uint)(_accumulator >> _bitCount);
        if (_span.Length - _position < 8)
        {
            NextChunk();
        }

        // A byte of the word is 0xFF exactly when the inverted word has a zero byte.
        var inverted = ~word;
        if (((inverted - 0x01010101u) & ~inverted & 0x80808080u) == 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_span[_position..], word);
            _position += 4;
            return;
        }

        PutStuffed((byte)(word >> 24));
        PutStuffed((byte)(word >> 16));
        PutStuffed((byte)(word >> 8));
        PutStuffed((byte)word);
    }

    private void PutStuffed(byte value)
    {
        Put(value);
        if (value == 0xFF)
        {
            Put(0);
        }
    }

    private void Put(byte value)
    {
        if (_position == _span.Length)
        {
            NextChunk();
        }

        _span[_position++] = value;
    }

    private void NextChunk()
    {
        _output.Advance(_position);
        _span = _output.GetSpan(ChunkSize);
        _position = 0;
    }
}
