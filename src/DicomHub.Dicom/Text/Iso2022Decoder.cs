using System.Text;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Text;

/// <summary>
/// Decodes bytes that use ISO 2022 code extensions (PS3.5 6.1.2.5): escape sequences designate code
/// elements to G0 (bytes 0x21..0x7E) and G1 (0xA1..0xFE); the designations fall back to the initial ones
/// after every delimiter (value '\', PN '^' and '=', and CR, LF, TAB, FF), and delimiters are recognised only
/// while G0 is a one-byte set, since a two-byte G0 character may contain 0x5C.
/// </summary>
internal sealed class Iso2022Decoder(CodeElement initialG0, CodeElement? initialG1)
{
    private static readonly CodeElement[] Designatable =
    [
        CodeElement.Ascii, CodeElement.JisRomaji, CodeElement.JisKatakana, CodeElement.JisX0208, CodeElement.JisX0212,
        CodeElement.KsX1001, CodeElement.Gb2312,
        .. new[] { "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144", "ISO_IR 127", "ISO_IR 126", "ISO_IR 138", "ISO_IR 148", "ISO_IR 203", "ISO_IR 166" }
            .Select(t => CharacterSetTerm.Find(t)!.G1!),
    ];

    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr, Action<string>? warning)
    {
        var text = new StringBuilder(bytes.Length);
        var g0 = initialG0;
        var g1 = initialG1;
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == 0x1B)
            {
                var designated = FindDesignation(bytes[i..]);
                if (designated is null)
                {
                    warning?.Invoke($"unknown ISO 2022 escape sequence at byte {i}: skipped");
                    i++;
                    continue;
                }

                if (designated.Slot == CodeElementSlot.G0)
                {
                    g0 = designated;
                }
                else
                {
                    g1 = designated;
                }

                i += designated.Escape.Length;
                continue;
            }

            if (b < 0x80)
            {
                if (g0.IsMultiByte && b > 0x20 && b < 0x7F)
                {
                    var end = i;
                    while (end + 1 < bytes.Length && bytes[end] > 0x20 && bytes[end] < 0x7F && bytes[end + 1] > 0x20 && bytes[end + 1] < 0x7F)
                    {
                        end += 2;
                    }

                    if (end == i)
                    {
                        // A lone 7-bit byte where a pair was due: keep it rather than lose it.
                        text.Append((char)b);
                        i++;
                        continue;
                    }

                    text.Append(DecodeSevenBitPairs(g0, bytes[i..end]));
                    i = end;
                    continue;
                }

                text.Append((char)b);
                i++;
                if (IsDelimiter(b, vr))
                {
                    g0 = initialG0;
                    g1 = initialG1;
                }

                continue;
            }

            var runEnd = i;
            while (runEnd < bytes.Length && bytes[runEnd] >= 0x80)
            {
                runEnd++;
            }

            text.Append(DecodeHigh(g1, bytes[i..runEnd]));
            i = runEnd;
        }

        return text.ToString();
    }

    private static CodeElement? FindDesignation(ReadOnlySpan<byte> bytes)
    {
        foreach (var element in Designatable)
        {
            if (bytes.StartsWith(element.Escape))
            {
                return element;
            }
        }

        return null;
    }

    /// <summary>PS3.5 6.1.2.5.3: the delimiters after which the initial designations apply again.</summary>
    public static bool IsDelimiter(byte b, DicomVR vr) =>
        b is 0x5C or 0x0D or 0x0A or 0x09 or 0x0C || (vr == DicomVR.PN && b is 0x5E or 0x3D);

    private static string DecodeSevenBitPairs(CodeElement g0, ReadOnlySpan<byte> pairs)
    {
        Span<byte> euc = pairs.Length <= 512 ? stackalloc byte[pairs.Length] : new byte[pairs.Length];
        for (var k = 0; k < pairs.Length; k += 2)
        {
            euc[k] = (byte)(pairs[k] | 0x80);
            euc[k + 1] = g0.Kind == CodeElementKind.JisX0212 ? pairs[k + 1] : (byte)(pairs[k + 1] | 0x80);
        }

        return g0.Encoding.GetString(euc);
    }

    private static string DecodeHigh(CodeElement? g1, ReadOnlySpan<byte> run)
    {
        switch (g1?.Kind)
        {
            case CodeElementKind.Katakana:
                var chars = new char[run.Length];
                for (var k = 0; k < run.Length; k++)
                {
                    chars[k] = run[k] is >= 0xA1 and <= 0xDF ? (char)(0xFF61 + (run[k] - 0xA1)) : '\uFFFD';
                }

                return new string(chars);
            case CodeElementKind.SingleByteHigh or CodeElementKind.DoubleByteHigh:
                return g1.Encoding.GetString(run);
            default:
                // No G1 designated: read leniently as Latin-1 rather than lose the bytes.
                return CodePages.Latin1.GetString(run);
        }
    }
}
