using System.Text;

namespace DicomHub.Dicom.Text;

/// <summary>
/// Code pages of the character sets DICOM names. They come straight from <see cref="CodePagesEncodingProvider"/>,
/// so no process-wide <c>Encoding.RegisterProvider</c> is needed (a library should not change global state).
/// </summary>
internal static class CodePages
{
    /// <summary>A code page whose encoder writes nothing for characters it cannot encode (so "cannot" is testable).</summary>
    public static Encoding Get(int codePage)
    {
        var encoderFallback = new EncoderReplacementFallback(string.Empty);
        var decoderFallback = DecoderFallback.ReplacementFallback;
        if (codePage == 28591)
        {
            return Encoding.GetEncoding(codePage, encoderFallback, decoderFallback);
        }

        return CodePagesEncodingProvider.Instance.GetEncoding(codePage, encoderFallback, decoderFallback)
            ?? Encoding.GetEncoding(codePage, encoderFallback, decoderFallback);
    }

    /// <summary>A copy of <paramref name="encoding"/> that writes '?' for characters it cannot encode.</summary>
    public static Encoding Lenient(Encoding encoding)
    {
        var copy = (Encoding)encoding.Clone();
        copy.EncoderFallback = new EncoderReplacementFallback("?");
        return copy;
    }

    public static readonly Encoding Ascii = Encoding.GetEncoding("us-ascii", new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback);

    public static readonly Encoding Latin1 = Encoding.Latin1;

    public static readonly Encoding Utf8 = new UTF8Encoding(false, false);
}
