namespace DicomHub.Dicom.Data;

/// <summary>Encoding facts about each VR (PS3.5 6.2 and 7.1.2), in one place so readers and writers agree.</summary>
public static class DicomVRExtensions
{
    /// <summary>Every VR the standard defines, in alphabetical order.</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
        Enum.GetValues<DicomVR>().Where(v => v != DicomVR.None).ToArray();

    public static string Code(this DicomVR vr) =>
        vr == DicomVR.None ? "??" : string.Create(2, vr, static (span, v) =>
        {
            span[0] = (char)((ushort)v >> 8);
            span[1] = (char)((ushort)v & 0xFF);
        });

    /// <summary>Reads a VR from its two ASCII bytes; false when they are not one of the 34.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        vr = (DicomVR)((first << 8) | second);
        return Enum.IsDefined(vr) && vr != DicomVR.None;
    }

    public static bool TryParse(ReadOnlySpan<char> code, out DicomVR vr)
    {
        vr = DicomVR.None;
        return code.Length == 2 && code[0] < 128 && code[1] < 128 && TryParse((byte)char.ToUpperInvariant(code[0]), (byte)char.ToUpperInvariant(code[1]), out vr);
    }

    /// <summary>In explicit VR encodings these VRs have 2 reserved bytes and a 32-bit length (PS3.5 7.1.2).</summary>
    public static bool HasLongExplicitLength(this DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF
        or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.SQ or DicomVR.SV or DicomVR.UC or DicomVR.UN
        or DicomVR.UR or DicomVR.UT or DicomVR.UV;

    /// <summary>Values are character strings (possibly multi-valued with backslash).</summary>
    public static bool IsString(this DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA
        or DicomVR.DS or DicomVR.DT or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH
        or DicomVR.ST or DicomVR.TM or DicomVR.UC or DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>Text VRs whose bytes are decoded with the Specific Character Set (PS3.5 6.1.2.3).</summary>
    public static bool UsesSpecificCharacterSet(this DicomVR vr) => vr is DicomVR.SH or DicomVR.LO or DicomVR.ST
        or DicomVR.LT or DicomVR.PN or DicomVR.UC or DicomVR.UT;

    /// <summary>String VRs whose value is one text: backslash is an ordinary character there.</summary>
    public static bool IsSingleValuedText(this DicomVR vr) => vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR;

    /// <summary>Padding byte for odd-length values: NUL for UI and binary data, space for text.</summary>
    public static byte PaddingByte(this DicomVR vr) => vr.IsString() && vr != DicomVR.UI ? (byte)' ' : (byte)0;

    /// <summary>
    /// Size of one binary number: what byte swapping works on in big endian. 1 for byte data (OB, UN) and
    /// for strings, which are never swapped. AT swaps as two 16-bit halves.
    /// </summary>
    public static int UnitSize(this DicomVR vr) => vr switch
    {
        DicomVR.AT or DicomVR.OW or DicomVR.SS or DicomVR.US => 2,
        DicomVR.FL or DicomVR.OF or DicomVR.OL or DicomVR.SL or DicomVR.UL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.OV or DicomVR.SV or DicomVR.UV => 8,
        _ => 1,
    };

    /// <summary>Bulk binary VRs that are never parsed into numbers and may be huge (pixel data, waveforms).</summary>
    public static bool IsBulk(this DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.UN;

    /// <summary>Maximum length in bytes of one value, where PS3.5 Table 6.2-1 sets one (0 when unlimited).</summary>
    public static int MaxValueLength(this DicomVR vr) => vr switch
    {
        DicomVR.AE => 16,
        DicomVR.AS => 4,
        DicomVR.CS => 16,
        DicomVR.DA => 8,
        DicomVR.DS => 16,
        DicomVR.DT => 26,
        DicomVR.IS => 12,
        DicomVR.LO => 64,
        DicomVR.LT => 10240,
        DicomVR.PN => 64 * 3 + 2,
        DicomVR.SH => 16,
        DicomVR.ST => 1024,
        DicomVR.TM => 14,
        DicomVR.UI => 64,
        _ => 0,
    };
}
