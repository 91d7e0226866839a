namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>
/// A Huffman table as carried by DHT (T.81 B.2.4.2): code counts per length 1..16 and the symbols in code
/// order. Lossless JPEG symbols are difference categories 0..16. Builds both the encoder's code per symbol
/// (C.2) and the decoder's tables (F.2.2.3) plus a 9-bit lookahead for the common short codes.
/// </summary>
internal sealed class HuffmanTable
{
    public const int LookaheadBits = 9;

    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valueOffset = new int[17];

    public HuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        if (counts.Length != 16)
        {
            throw new ArgumentException("A Huffman table has 16 code counts.", nameof(counts));
        }

        Counts = counts.ToArray();
        Values = values.ToArray();
        var total = 0;
        foreach (var count in Counts)
        {
            total += count;
        }

        if (total != Values.Length || total > 256)
        {
            throw new DicomImagingException($"A JPEG Huffman table declares {total} codes but carries {Values.Length} symbols.");
        }

        Codes = new ushort[256];
        Sizes = new byte[256];
        Lookahead = new ushort[1 << LookaheadBits];
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            _valueOffset[length] = k - code;
            for (var i = 0; i < Counts[length - 1]; i++, k++, code++)
            {
                var symbol = Values[k];
                Codes[symbol] = (ushort)code;
                Sizes[symbol] = (byte)length;
                if (length <= LookaheadBits)
                {
                    var shift = LookaheadBits - length;
                    Lookahead.AsSpan(code << shift, 1 << shift).Fill((ushort)((length << 8) | symbol));
                }
            }

            _maxCode[length] = Counts[length - 1] == 0 ? -1 : code - 1;
            if (code > (1 << length))
            {
                throw new DicomImagingException("A JPEG Huffman table has more codes of some length than that length can hold: the DHT segment is corrupt.");
            }

            code <<= 1;
        }

        _maxCode[17] = int.MaxValue; // ends the slow search
    }

    /// <summary>Number of codes of each length 1..16 (BITS).</summary>
    public byte[] Counts { get; }

    /// <summary>Symbols in order of increasing code (HUFFVAL).</summary>
    public byte[] Values { get; }

    /// <summary>Encoder: the code of each symbol, valid where <see cref="Sizes"/> is non-zero.</summary>
    public ushort[] Codes { get; }

    public byte[] Sizes { get; }

    /// <summary>Indexed by the next 9 bits: (code length &lt;&lt; 8) | symbol, or 0 when the code is longer.</summary>
    public ushort[] Lookahead { get; }

    /// <summary>The symbol of a code longer than the lookahead: <paramref name="bits16"/> holds the next 16 bits.</summary>
    public int DecodeLong(int bits16, out int length)
    {
        for (length = LookaheadBits + 1; length <= 16; length++)
        {
            var code = bits16 >> (16 - length);
            if (code <= _maxCode[length])
            {
                return Values[_valueOffset[length] + code];
            }
        }

        throw new DicomImagingException("The JPEG entropy-coded data holds a code that is not in its Huffman table: the frame is corrupt.");
    }
}
