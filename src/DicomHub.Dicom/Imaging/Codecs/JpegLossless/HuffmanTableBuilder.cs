namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>
/// The optimal Huffman table for counted difference categories (T.81 Annex K.2): code sizes by repeatedly
/// merging the two least frequent entries, limited to 16 bits, with one reserved code so that no code is
/// all ones (F.1.2.1.3 forbids it, since 0xFF bytes would become ambiguous).
/// </summary>
internal static class HuffmanTableBuilder
{
    public const int Categories = 17;

    public static HuffmanTable Build(ReadOnlySpan<long> frequencies)
    {
        if (frequencies.Length != Categories)
        {
            throw new ArgumentException($"Expected {Categories} category frequencies.", nameof(frequencies));
        }

        // One extra pseudo-symbol with frequency 1 reserves the all-ones code (K.2, Figure K.1).
        var reserved = Categories;
        var freq = new long[Categories + 1];
        frequencies.CopyTo(freq);
        freq[reserved] = 1;
        var codeSize = new int[Categories + 1];
        var others = new int[Categories + 1];
        Array.Fill(others, -1);

        while (true)
        {
            var v1 = Least(freq, -1);
            var v2 = Least(freq, v1);
            if (v2 < 0)
            {
                break;
            }

            freq[v1] += freq[v2];
            freq[v2] = 0;
            codeSize[v1]++;
            while (others[v1] >= 0)
            {
                v1 = others[v1];
                codeSize[v1]++;
            }

            others[v1] = v2;
            codeSize[v2]++;
            while (others[v2] >= 0)
            {
                v2 = others[v2];
                codeSize[v2]++;
            }
        }

        var bits = new int[33];
        foreach (var size in codeSize)
        {
            if (size > 0)
            {
                bits[size]++;
            }
        }

        // Figure K.3: move codes longer than 16 bits up the tree.
        for (var i = 32; i > 16; i--)
        {
            while (bits[i] > 0)
            {
                var j = i - 2;
                while (bits[j] == 0)
                {
                    j--;
                }

                bits[i] -= 2;
                bits[i - 1]++;
                bits[j + 1] += 2;
                bits[j]--;
            }
        }

        // Drop the reserved code: it is the longest.
        var longest = 16;
        while (bits[longest] == 0)
        {
            longest--;
        }

        bits[longest]--;

        var counts = new byte[16];
        for (var length = 1; length <= 16; length++)
        {
            counts[length - 1] = (byte)bits[length];
        }

        // Figure K.4: symbols sorted by code size, then by value.
        var values = Enumerable.Range(0, Categories).Where(s => codeSize[s] > 0).OrderBy(s => codeSize[s]).ThenBy(s => s).Select(s => (byte)s).ToArray();
        return new HuffmanTable(counts, values);
    }

    /// <summary>The symbol with the smallest non-zero frequency (ties: the larger symbol), other than <paramref name="exclude"/>.</summary>
    private static int Least(long[] freq, int exclude)
    {
        var best = -1;
        for (var v = 0; v < freq.Length; v++)
        {
            if (v != exclude && freq[v] > 0 && (best < 0 || freq[v] <= freq[best]))
            {
                best = v;
            }
        }

        return best;
    }
}
