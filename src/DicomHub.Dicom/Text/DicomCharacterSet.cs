using System.Text;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Text;

/// <summary>
/// Decodes and encodes text values for a Specific Character Set (0008,0005). Only VRs that PS3.5 6.1.2.3
/// names (SH, LO, ST, LT, PN, UC, UT) use the set; every other string VR is ISO-IR 6 (ASCII).
/// </summary>
public sealed class DicomCharacterSet
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    private readonly Encoding _encoding;

    private DicomCharacterSet(IReadOnlyList<string> terms, Encoding encoding)
    {
        Terms = terms;
        _encoding = encoding;
    }

    /// <summary>ISO-IR 6, read leniently: bytes above 127 decode as Latin-1 rather than being lost.</summary>
    public static DicomCharacterSet Default { get; } = new([], Latin1);

    /// <summary>The defined terms of (0008,0005) this set was made from.</summary>
    public IReadOnlyList<string> Terms { get; }

    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        var first = terms.Count > 0 ? terms[0].Trim() : string.Empty;
        return first switch
        {
            "" or "ISO_IR 6" => terms.Count <= 1 ? Default : new DicomCharacterSet(terms, Latin1),
            "ISO_IR 192" => new DicomCharacterSet(terms, new UTF8Encoding(false)),
            _ => new DicomCharacterSet(terms, Latin1),
        };
    }

    /// <summary>The whole value as one string, trailing padding removed.</summary>
    public string DecodeString(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        var text = EncodingFor(vr).GetString(bytes);
        return vr == DicomVR.UI ? text.TrimEnd('\0', ' ') : text.TrimEnd(' ', '\0');
    }

    /// <summary>The values, split on backslash where the VR is multi-valued, each without padding.</summary>
    public string[] DecodeStrings(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        var text = DecodeString(bytes, vr);
        if (vr.IsSingleValuedText())
        {
            return [text];
        }

        if (text.Length == 0)
        {
            return bytes.Length == 0 ? [] : [string.Empty];
        }

        var values = text.Split('\\');
        if (vr is not (DicomVR.PN or DicomVR.LO or DicomVR.SH or DicomVR.UC))
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = values[i].Trim(' ', '\0');
            }
        }

        return values;
    }

    /// <summary>Encodes values joined with backslash and padded to even length with the VR's padding byte.</summary>
    public byte[] EncodeStrings(IReadOnlyList<string> values, DicomVR vr)
    {
        var text = vr.IsSingleValuedText() ? string.Concat(values) : string.Join('\\', values);
        var encoding = EncodingFor(vr);
        var length = encoding.GetByteCount(text);
        var bytes = new byte[length + (length & 1)];
        encoding.GetBytes(text, bytes);
        if ((length & 1) == 1)
        {
            bytes[^1] = vr.PaddingByte();
        }

        return bytes;
    }

    private Encoding EncodingFor(DicomVR vr) => vr.UsesSpecificCharacterSet() ? _encoding : Latin1;
}
