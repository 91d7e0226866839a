using System.Collections.Frozen;
using System.Text;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Text;

/// <summary>
/// Decodes and encodes text values for a Specific Character Set (0008,0005), PS3.5 6.1 and PS3.3 C.12.1.1.2:
/// the ISO 8859 family, JIS X 0201, TIS 620, UTF-8, GB18030 and GBK, and ISO 2022 code extensions (JIS X 0208/0212,
/// KS X 1001, GB 2312). Only the VRs PS3.5 6.1.2.3 names (SH, LO, ST, LT, PN, UC, UT) use the set; every other
/// string VR is ISO-IR 6. Unknown terms never throw: their text is read as Latin-1 and <see cref="Warnings"/> says so.
/// </summary>
public sealed class DicomCharacterSet
{
    private readonly Encoding? _whole;
    private readonly Iso2022Decoder? _decoder;
    private readonly Iso2022Encoder? _encoder;

    private DicomCharacterSet(IReadOnlyList<string> terms, Encoding? whole, Iso2022Decoder? decoder, Iso2022Encoder? encoder, IReadOnlyList<string> warnings)
    {
        Terms = terms;
        _whole = whole;
        _decoder = decoder;
        _encoder = encoder;
        Warnings = warnings;
    }

    /// <summary>ISO-IR 6, read leniently: bytes above 127 decode as Latin-1 rather than being lost.</summary>
    public static DicomCharacterSet Default { get; } = new([], CodePages.Latin1, null, null, []);

    /// <summary>The defined terms of (0008,0005) this set was made from.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Problems with the terms (unknown ones, mixtures the standard does not allow); empty when all is well.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when the terms use ISO 2022 code extensions (escape sequences in the values).</summary>
    public bool UsesCodeExtensions => _decoder is not null;

    // Every defined term on its own, built once: a data set asks for its character set on every text read.
    private static readonly FrozenDictionary<string, DicomCharacterSet> SingleTerms = new[]
    {
        "ISO_IR 6", "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144", "ISO_IR 127", "ISO_IR 126", "ISO_IR 138",
        "ISO_IR 148", "ISO_IR 203", "ISO_IR 13", "ISO_IR 166", "ISO_IR 192", "GB18030", "GBK",
    }.ToFrozenDictionary(t => t, t => Create([t]), StringComparer.Ordinal);

    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        if (terms.Count == 0)
        {
            return Default;
        }

        if (terms.Count == 1 && SingleTerms.TryGetValue(terms[0].Trim(), out var known))
        {
            return known;
        }

        return Create(terms);
    }

    private static DicomCharacterSet Create(IReadOnlyList<string> terms)
    {
        if (terms.Count == 1 && terms[0].Trim() is "" or "ISO_IR 6")
        {
            return new DicomCharacterSet(terms, CodePages.Latin1, null, null, []);
        }

        var warnings = new List<string>();
        var known = new List<CharacterSetTerm>();
        foreach (var term in terms)
        {
            var found = CharacterSetTerm.Find(term);
            if (found is null)
            {
                warnings.Add($"Specific Character Set term '{term.Trim()}' is not defined by DICOM: its text is read as Latin-1 (ISO_IR 100).");
                found = CharacterSetTerm.Find("ISO_IR 100")!;
            }

            known.Add(found);
        }

        var first = known[0];
        if (first.Whole is not null)
        {
            if (known.Count > 1)
            {
                warnings.Add($"'{first.Term}' does not allow code extensions: the other terms ({string.Join(", ", terms.Skip(1))}) are ignored.");
            }

            return new DicomCharacterSet(terms, CodePages.Lenient(first.Whole), null, null, warnings);
        }

        if (known.Count == 1 && !first.IsIso2022 && first.G1 is { Kind: CodeElementKind.SingleByteHigh } g1)
        {
            // A plain ISO 8859 part or TIS 620: the code page alone decodes and encodes it.
            return new DicomCharacterSet(terms, CodePages.Lenient(g1.Encoding), null, null, warnings);
        }

        if (known.Skip(1).Any(t => t.Whole is not null))
        {
            warnings.Add("UTF-8, GB18030 and GBK cannot be combined with other terms: they are ignored.");
        }

        if (known.Count > 1 && known.Any(t => !t.IsIso2022 && t.Term.Length > 0))
        {
            warnings.Add("Several terms without the 'ISO 2022' prefix: read as if they had it.");
        }

        var elements = known.Where(t => t.Whole is null).SelectMany(t => t.Elements).Distinct().ToArray();
        return new DicomCharacterSet(
            terms, null, new Iso2022Decoder(first.G0, first.G1), new Iso2022Encoder(first.G0, first.G1, elements), warnings);
    }

    /// <summary>The whole value as one string, trailing padding removed.</summary>
    public string DecodeString(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        var text = Decode(bytes, vr);
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
        var encoded = Encode(text, vr);
        if ((encoded.Length & 1) == 0)
        {
            return encoded;
        }

        var padded = new byte[encoded.Length + 1];
        encoded.CopyTo(padded, 0);
        padded[^1] = vr.PaddingByte();
        return padded;
    }

    /// <summary>Decodes without removing padding (the value bytes exactly as stored).</summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        if (!vr.UsesSpecificCharacterSet())
        {
            return CodePages.Latin1.GetString(bytes);
        }

        return _decoder is not null ? _decoder.Decode(bytes, vr, null) : _whole!.GetString(bytes);
    }

    /// <summary>Encodes without padding.</summary>
    public byte[] Encode(string text, DicomVR vr)
    {
        if (!vr.UsesSpecificCharacterSet())
        {
            return CodePages.Latin1.GetBytes(text);
        }

        return _encoder is not null ? _encoder.Encode(text, vr) : _whole!.GetBytes(text);
    }

    public override string ToString() => Terms.Count == 0 ? "ISO_IR 6" : string.Join('\\', Terms);
}
