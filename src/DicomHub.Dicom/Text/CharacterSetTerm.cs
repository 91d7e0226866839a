using System.Text;

namespace DicomHub.Dicom.Text;

/// <summary>Which ISO 2022 graphic set a code element is designated to (PS3.3 C.12.1.1.2).</summary>
internal enum CodeElementSlot
{
    G0,
    G1,
}

/// <summary>How a code element maps its bytes to characters.</summary>
internal enum CodeElementKind
{
    /// <summary>7-bit ASCII (ISO-IR 6), or JIS X 0201 Romaji, which DICOM treats alike.</summary>
    Ascii,

    /// <summary>One byte in 0xA0..0xFF decoded by a single-byte code page (ISO 8859, TIS 620).</summary>
    SingleByteHigh,

    /// <summary>JIS X 0201 Katakana: 0xA1..0xDF is U+FF61..U+FF9F.</summary>
    Katakana,

    /// <summary>Two 7-bit bytes (JIS X 0208 in G0), decoded through EUC-JP with both high bits set.</summary>
    JisX0208,

    /// <summary>Two 7-bit bytes (JIS X 0212 in G0), decoded through code page 20932 with the lead's high bit set.</summary>
    JisX0212,

    /// <summary>Two bytes with the high bit set (KS X 1001, GB 2312 in G1), decoded through EUC-KR or GB 2312.</summary>
    DoubleByteHigh,
}

/// <summary>One code element of ISO 2022 (one escape sequence of PS3.3 Table C.12-3/C.12-4).</summary>
internal sealed record CodeElement(string Name, CodeElementSlot Slot, CodeElementKind Kind, byte[] Escape, Encoding Encoding)
{
    public bool IsMultiByte => Kind is CodeElementKind.JisX0208 or CodeElementKind.JisX0212 or CodeElementKind.DoubleByteHigh;

    public static readonly CodeElement Ascii = new("ISO-IR 6", CodeElementSlot.G0, CodeElementKind.Ascii, [0x1B, 0x28, 0x42], CodePages.Ascii);
    public static readonly CodeElement JisRomaji = new("ISO-IR 14", CodeElementSlot.G0, CodeElementKind.Ascii, [0x1B, 0x28, 0x4A], CodePages.Ascii);
    public static readonly CodeElement JisKatakana = new("ISO-IR 13", CodeElementSlot.G1, CodeElementKind.Katakana, [0x1B, 0x29, 0x49], CodePages.Ascii);
    public static readonly CodeElement JisX0208 = new("ISO-IR 87", CodeElementSlot.G0, CodeElementKind.JisX0208, [0x1B, 0x24, 0x42], CodePages.Get(20932));
    public static readonly CodeElement JisX0212 = new("ISO-IR 159", CodeElementSlot.G0, CodeElementKind.JisX0212, [0x1B, 0x24, 0x28, 0x44], CodePages.Get(20932));
    public static readonly CodeElement KsX1001 = new("ISO-IR 149", CodeElementSlot.G1, CodeElementKind.DoubleByteHigh, [0x1B, 0x24, 0x29, 0x43], CodePages.Get(51949));
    public static readonly CodeElement Gb2312 = new("ISO-IR 58", CodeElementSlot.G1, CodeElementKind.DoubleByteHigh, [0x1B, 0x24, 0x29, 0x41], CodePages.Get(936));

    /// <summary>A 96-character set designated to G1 with ESC 02/13 F (ISO 8859 parts, TIS 620).</summary>
    public static CodeElement HighHalf(string name, byte final, int codePage) =>
        new(name, CodeElementSlot.G1, CodeElementKind.SingleByteHigh, [0x1B, 0x2D, final], CodePages.Get(codePage));
}

/// <summary>
/// A defined term of Specific Character Set (0008,0005), PS3.3 Tables C.12-2 to C.12-5: either a single
/// character set without code extensions (ISO_IR 100, ISO_IR 192, GB18030 ...) or an ISO 2022 term that
/// brings one or two code elements (ISO 2022 IR 13 brings Romaji in G0 and Katakana in G1).
/// </summary>
internal sealed record CharacterSetTerm(string Term, bool IsIso2022, Encoding? Whole, CodeElement G0, CodeElement? G1, CodeElement[] Elements)
{
    private static readonly CodeElement Latin1 = CodeElement.HighHalf("ISO-IR 100", 0x41, 28591);
    private static readonly CodeElement Latin2 = CodeElement.HighHalf("ISO-IR 101", 0x42, 28592);
    private static readonly CodeElement Latin3 = CodeElement.HighHalf("ISO-IR 109", 0x43, 28593);
    private static readonly CodeElement Latin4 = CodeElement.HighHalf("ISO-IR 110", 0x44, 28594);
    private static readonly CodeElement Cyrillic = CodeElement.HighHalf("ISO-IR 144", 0x4C, 28595);
    private static readonly CodeElement Arabic = CodeElement.HighHalf("ISO-IR 127", 0x47, 28596);
    private static readonly CodeElement Greek = CodeElement.HighHalf("ISO-IR 126", 0x46, 28597);
    private static readonly CodeElement Hebrew = CodeElement.HighHalf("ISO-IR 138", 0x48, 28598);
    private static readonly CodeElement Latin5 = CodeElement.HighHalf("ISO-IR 148", 0x4D, 28599);
    private static readonly CodeElement Latin9 = CodeElement.HighHalf("ISO-IR 203", 0x62, 28605);
    private static readonly CodeElement Thai = CodeElement.HighHalf("ISO-IR 166", 0x54, 874);

    private static readonly System.Text.Encoding Gb18030 = CodePages.Get(54936);
    private static readonly System.Text.Encoding Gbk = CodePages.Get(936);

    private static readonly (string Suffix, CodeElement? G1)[] SingleByteSets =
    [
        ("6", null), ("100", Latin1), ("101", Latin2), ("109", Latin3), ("110", Latin4), ("144", Cyrillic), ("127", Arabic),
        ("126", Greek), ("138", Hebrew), ("148", Latin5), ("203", Latin9), ("166", Thai),
    ];

    /// <summary>The term, or null when DICOM does not define it.</summary>
    public static CharacterSetTerm? Find(string term)
    {
        var t = term.Trim();
        switch (t)
        {
            case "" or "ISO_IR 6" or "ISO 2022 IR 6":
                return Iso(t, CodeElement.Ascii, null, t.StartsWith("ISO 2022", StringComparison.Ordinal));
            case "ISO_IR 192":
                return new CharacterSetTerm(t, false, CodePages.Utf8, CodeElement.Ascii, null, []);
            case "GB18030":
                return new CharacterSetTerm(t, false, Gb18030, CodeElement.Ascii, null, []);
            case "GBK":
                return new CharacterSetTerm(t, false, Gbk, CodeElement.Ascii, null, []);
            case "ISO_IR 13" or "ISO 2022 IR 13":
                return Iso(t, CodeElement.JisRomaji, CodeElement.JisKatakana, t.StartsWith("ISO 2022", StringComparison.Ordinal));
            case "ISO 2022 IR 87":
                return new CharacterSetTerm(t, true, null, CodeElement.Ascii, null, [CodeElement.JisX0208]);
            case "ISO 2022 IR 159":
                return new CharacterSetTerm(t, true, null, CodeElement.Ascii, null, [CodeElement.JisX0212]);
            case "ISO 2022 IR 149":
                return new CharacterSetTerm(t, true, null, CodeElement.Ascii, null, [CodeElement.KsX1001]);
            case "ISO 2022 IR 58":
                return new CharacterSetTerm(t, true, null, CodeElement.Ascii, null, [CodeElement.Gb2312]);
        }

        foreach (var (suffix, g1) in SingleByteSets)
        {
            if (t == "ISO_IR " + suffix || t == "ISO 2022 IR " + suffix)
            {
                return Iso(t, CodeElement.Ascii, g1, t.StartsWith("ISO 2022", StringComparison.Ordinal));
            }
        }

        return null;
    }

    private static CharacterSetTerm Iso(string term, CodeElement g0, CodeElement? g1, bool iso2022) =>
        new(term, iso2022, null, g0, g1, g1 is null ? [g0] : [g0, g1]);
}
