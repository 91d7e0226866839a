using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Text;

/// <summary>
/// Encodes text with ISO 2022 code extensions the way the examples of PS3.5 Annexes H, I and J do: characters
/// of the initial sets are written as they are; any other character selects the first listed code element that
/// has it, designating it with its escape sequence when it is not designated yet; before each delimiter and at
/// the end of the value G0 returns to its initial set (the reader resets G1 by itself at delimiters).
/// </summary>
internal sealed class Iso2022Encoder(CodeElement initialG0, CodeElement? initialG1, IReadOnlyList<CodeElement> elements)
{
    public byte[] Encode(string text, DicomVR vr)
    {
        var output = new List<byte>(text.Length * 2);
        var g0 = initialG0;
        var g1 = initialG1;
        Span<byte> scratch = stackalloc byte[8];
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                if (g0 != initialG0)
                {
                    output.AddRange(initialG0.Escape);
                    g0 = initialG0;
                }

                output.Add((byte)c);
                if (Iso2022Decoder.IsDelimiter((byte)c, vr))
                {
                    g1 = initialG1;
                }

                continue;
            }

            var element = Choose(c, g0, g1, scratch, out var length);
            if (element is null)
            {
                if (g0 != initialG0)
                {
                    output.AddRange(initialG0.Escape);
                    g0 = initialG0;
                }

                output.Add((byte)'?');
                continue;
            }

            if (element.Slot == CodeElementSlot.G0 && g0 != element)
            {
                output.AddRange(element.Escape);
                g0 = element;
            }
            else if (element.Slot == CodeElementSlot.G1 && g1 != element)
            {
                output.AddRange(element.Escape);
                g1 = element;
            }

            for (var k = 0; k < length; k++)
            {
                output.Add(scratch[k]);
            }
        }

        if (g0 != initialG0)
        {
            output.AddRange(initialG0.Escape);
        }

        return [.. output];
    }

    /// <summary>The designated element that has <paramref name="c"/>, else the first listed one; null when none has it.</summary>
    private CodeElement? Choose(char c, CodeElement g0, CodeElement? g1, Span<byte> bytes, out int length)
    {
        if (g1 is not null && TryEncode(g1, c, bytes, out length))
        {
            return g1;
        }

        if (g0.IsMultiByte && TryEncode(g0, c, bytes, out length))
        {
            return g0;
        }

        foreach (var element in elements)
        {
            if (TryEncode(element, c, bytes, out length))
            {
                return element;
            }
        }

        length = 0;
        return null;
    }

    private static bool TryEncode(CodeElement element, char c, Span<byte> bytes, out int length)
    {
        length = 0;
        switch (element.Kind)
        {
            case CodeElementKind.Katakana:
                if (c is >= '\uFF61' and <= '\uFF9F')
                {
                    bytes[0] = (byte)(0xA1 + (c - 0xFF61));
                    length = 1;
                }

                break;
            case CodeElementKind.SingleByteHigh:
                if (element.Encoding.GetBytes([c], bytes) == 1 && bytes[0] >= 0xA0)
                {
                    length = 1;
                }

                break;
            case CodeElementKind.JisX0208:
                if (element.Encoding.GetBytes([c], bytes) == 2 && bytes[0] >= 0xA1 && bytes[1] >= 0xA1)
                {
                    bytes[0] &= 0x7F;
                    bytes[1] &= 0x7F;
                    length = 2;
                }

                break;
            case CodeElementKind.JisX0212:
                // Code page 20932 writes JIS X 0212 as a lead byte with the high bit and a 7-bit trail byte.
                if (element.Encoding.GetBytes([c], bytes) == 2 && bytes[0] >= 0xA1 && bytes[1] is > 0x20 and < 0x7F)
                {
                    bytes[0] &= 0x7F;
                    length = 2;
                }

                break;
            case CodeElementKind.DoubleByteHigh:
                // GB 2312 and KS X 1001 proper: both bytes in 0xA1..0xFE (GBK/UHC extensions are not in these sets).
                if (element.Encoding.GetBytes([c], bytes) == 2 && bytes[0] is >= 0xA1 and <= 0xFE && bytes[1] is >= 0xA1 and <= 0xFE)
                {
                    length = 2;
                }

                break;
        }

        return length > 0;
    }
}
