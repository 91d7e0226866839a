namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>The JPEG markers (ITU-T T.81 Table B.1) this codec writes or understands; each follows an 0xFF byte.</summary>
internal static class JpegMarkers
{
    public const byte Sof3 = 0xC3; // lossless, Huffman, non-hierarchical
    public const byte Dht = 0xC4;
    public const byte Rst0 = 0xD0;
    public const byte Rst7 = 0xD7;
    public const byte Soi = 0xD8;
    public const byte Eoi = 0xD9;
    public const byte Sos = 0xDA;
    public const byte Dqt = 0xDB;
    public const byte Dnl = 0xDC;
    public const byte Dri = 0xDD;
    public const byte App0 = 0xE0;
    public const byte App15 = 0xEF;
    public const byte Com = 0xFE;

    /// <summary>SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).</summary>
    public static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not (Dht or 0xC8 or 0xCC);

    public static string Describe(byte marker) => marker switch
    {
        0xC0 => "SOF0 (baseline DCT)",
        0xC1 => "SOF1 (extended sequential DCT)",
        0xC2 => "SOF2 (progressive DCT)",
        0xC3 => "SOF3 (lossless)",
        0xC7 => "SOF7 (differential lossless, hierarchical)",
        >= 0xC9 and <= 0xCF => $"SOF{marker - 0xC0} (arithmetic coding)",
        _ => $"SOF{marker - 0xC0}",
    };
}
