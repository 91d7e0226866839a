using System.Runtime.CompilerServices;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>
/// Reads entropy-coded bits, removing the 0x00 stuffed after 0xFF. At a marker (0xFF followed by anything
/// but 0x00) or the end of data it stops consuming and supplies zero bits, as T.81 decoders do; the scan
/// loop then checks the marker.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private ulong _accumulator;
    private int _bitCount;

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        _position = position;
    }

    /// <summary>Bytes of the data consumed so far (a marker the reader stopped at is not consumed).</summary>
    public readonly int Position => _position;

    /// <summary>True when the reader had to invent bits past the end of the data or a marker.</summary>
    public bool Overran { get; private set; }

    /// <summary>Makes at least 32 bits available.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ensure32()
    {
        if (_bitCount < 32)
        {
            Fill();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int Peek(int count) => (int)(_accumulator >> (_bitCount - count)) & ((1 << count) - 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int count) => _bitCount -= count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Read(int count)
    {
        var value = Peek(count);
        _bitCount -= count;
        return value;
    }

    /// <summary>Drops the bits left in the current byte and reads the marker at the position (for RSTn).</summary>
    public int ReadMarker()
    {
        _bitCount = 0;
        _accumulator = 0;
        Overran = false;

        // Fill bytes (0xFF) may precede a marker.
        while (_position + 1 < _data.Length && _data[_position] == 0xFF && _data[_position + 1] == 0xFF)
        {
            _position++;
        }

        if (_position + 1 >= _data.Length || _data[_position] != 0xFF)
        {
            return -1;
        }

        var marker = _data[_position + 1];
        _position += 2;
        return marker;
    }

    private void Fill()
    {
        while (_bitCount <= 56)
        {
            byte next;
            if (_position < _data.Length && _data[_position] != 0xFF)
            {
                next = _data[_position++];
            }
            else if (_position + 1 < _data.Length && _data[_position + 1] == 0x00)
            {
                next = 0xFF;
                _position += 2;
            }
            else
            {
                next = 0; // a marker or the end: supply zeros without consuming
                Overran = true;
            }

            _accumulator = (_accumulator << 8) | next;
            _bitCount += 8;
        }
    }
}
