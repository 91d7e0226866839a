namespace DicomHub.Dicom.Data;

/// <summary>
/// A transfer syntax (PS3.5 10 and Annex A): how a data set is encoded. Immutable; the well-known ones
/// are static properties and <see cref="Parse"/> accepts a UID or a name.
/// </summary>
public sealed class TransferSyntax : IEquatable<TransferSyntax>
{
    private TransferSyntax(string uid, string name, string keyword, bool isExplicitVR = true, bool isBigEndian = false, bool isDeflated = false, bool isEncapsulated = false, bool isLossy = false, bool isRetired = false)
    {
        Uid = uid;
        Name = name;
        Keyword = keyword;
        IsExplicitVR = isExplicitVR;
        IsBigEndian = isBigEndian;
        IsDeflated = isDeflated;
        IsEncapsulated = isEncapsulated;
        IsLossy = isLossy;
        IsRetired = isRetired;
    }

    public string Uid { get; }

    public string Name { get; }

    /// <summary>A short name accepted on the command line (e.g. "ExplicitVRLittleEndian", "JPEGLossless").</summary>
    public string Keyword { get; }

    public bool IsExplicitVR { get; }

    public bool IsBigEndian { get; }

    public bool IsDeflated { get; }

    /// <summary>Pixel Data is encapsulated (fragments); everything else is Explicit VR Little Endian.</summary>
    public bool IsEncapsulated { get; }

    public bool IsLossy { get; }

    public bool IsRetired { get; }

    /// <summary>True when this syntax is known to DicomHub (not one made up for an unknown UID).</summary>
    public bool IsKnown => Known.Any(k => k.Uid == Uid);

    public static TransferSyntax ImplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2", "Implicit VR Little Endian", "ImplicitVRLittleEndian", isExplicitVR: false);
    public static TransferSyntax ExplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", "ExplicitVRLittleEndian");
    public static TransferSyntax EncapsulatedUncompressedExplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", "EncapsulatedUncompressedExplicitVRLittleEndian", isEncapsulated: true);
    public static TransferSyntax DeflatedExplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", "DeflatedExplicitVRLittleEndian", isDeflated: true);
    public static TransferSyntax ExplicitVRBigEndian { get; } = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian (Retired)", "ExplicitVRBigEndian", isBigEndian: true, isRetired: true);
    public static TransferSyntax JPEGBaseline8Bit { get; } = new("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", "JPEGBaseline8Bit", isEncapsulated: true, isLossy: true);
    public static TransferSyntax JPEGExtended12Bit { get; } = new("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", "JPEGExtended12Bit", isEncapsulated: true, isLossy: true);
    public static TransferSyntax JPEGLossless { get; } = new("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", "JPEGLossless", isEncapsulated: true);
    public static TransferSyntax JPEGLosslessSV1 { get; } = new("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", "JPEGLosslessSV1", isEncapsulated: true);
    public static TransferSyntax JPEGLSLossless { get; } = new("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", "JPEGLSLossless", isEncapsulated: true);
    public static TransferSyntax JPEGLSNearLossless { get; } = new("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", "JPEGLSNearLossless", isEncapsulated: true, isLossy: true);
    public static TransferSyntax JPEG2000Lossless { get; } = new("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", "JPEG2000Lossless", isEncapsulated: true);
    public static TransferSyntax JPEG2000 { get; } = new("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", "JPEG2000", isEncapsulated: true, isLossy: true);
    public static TransferSyntax JPEG2000MCLossless { get; } = new("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", "JPEG2000MCLossless", isEncapsulated: true);
    public static TransferSyntax JPEG2000MC { get; } = new("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression", "JPEG2000MC", isEncapsulated: true, isLossy: true);
    public static TransferSyntax JPIPReferenced { get; } = new("1.2.840.10008.1.2.4.94", "JPIP Referenced", "JPIPReferenced", isEncapsulated: false);
    public static TransferSyntax JPIPReferencedDeflate { get; } = new("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", "JPIPReferencedDeflate", isDeflated: true);
    public static TransferSyntax MPEG2MPML { get; } = new("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", "MPEG2MPML", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG2MPHL { get; } = new("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", "MPEG2MPHL", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG4HP41 { get; } = new("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", "MPEG4HP41", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG4HP41BD { get; } = new("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", "MPEG4HP41BD", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG4HP422D { get; } = new("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", "MPEG4HP422D", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG4HP423D { get; } = new("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", "MPEG4HP423D", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG4HP42STEREO { get; } = new("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", "MPEG4HP42STEREO", isEncapsulated: true, isLossy: true);
    public static TransferSyntax HEVCMP51 { get; } = new("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", "HEVCMP51", isEncapsulated: true, isLossy: true);
    public static TransferSyntax HEVCM10P51 { get; } = new("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", "HEVCM10P51", isEncapsulated: true, isLossy: true);
    public static TransferSyntax HTJ2KLossless { get; } = new("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", "HTJ2KLossless", isEncapsulated: true);
    public static TransferSyntax HTJ2KLosslessRPCL { get; } = new("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", "HTJ2KLosslessRPCL", isEncapsulated: true);
    public static TransferSyntax HTJ2K { get; } = new("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", "HTJ2K", isEncapsulated: true, isLossy: true);
    public static TransferSyntax RLELossless { get; } = new("1.2.840.10008.1.2.5", "RLE Lossless", "RLELossless", isEncapsulated: true);

    // Retired JPEG processes, fragmentable MPEG, JPEG XL, SMPTE ST 2110 and the newer JPIP/Deflate syntaxes of PS3.5
    // Annex A: known by name so that they pass through and negotiate, none of them decoded by DicomHub.
    public static TransferSyntax JPEGExtended35 { get; } = new("1.2.840.10008.1.2.4.52", "JPEG Extended (Process 3 & 5) (Retired)", "JPEGExtended35", isEncapsulated: true, isLossy: true, isRetired: true);
    public static TransferSyntax JPEGSpectralSelectionNonHierarchical68 { get; } = new("1.2.840.10008.1.2.4.53", "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (Retired)", "JPEGSpectralSelectionNonHierarchical68", isEncapsulated: true, isLossy: true, isRetired: true);
    public static TransferSyntax JPEGSpectralSelectionNonHierarchical79 { get; } = new("1.2.840.10008.1.2.4.54", "JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9) (Retired)", "JPEGSpectralSelectionNonHierarchical79", isEncapsulated: true, isLossy: true, isRetired: true);
    public static TransferSyntax JPEGFullProgressionNonHierarchical1012 { get; } = new("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (Retired)", "JPEGFullProgressionNonHierarchical1012", isEncapsulated: true, isLossy: true, isRetired: true);
    public static TransferSyntax JPEGFullProgressionNonHierarchical1113 { get; } = new("1.2.840.10008.1.2.4.56", "JPEG Full Progression, Non-Hierarchical (Process 11 & 13) (Retired)", "JPEGFullProgressionNonHierarchical1113", isEncapsulated: true, isLossy: true, isRetired: true);
    public static TransferSyntax JPEGLosslessNonHierarchical15 { get; } = new("1.2.840.10008.1.2.4.58", "JPEG Lossless, Non-Hierarchical (Process 15) (Retired)", "JPEGLosslessNonHierarchical15", isEncapsulated: true, isRetired: true);
    public static TransferSyntax JPEGExtendedHierarchical1618 { get; } = new("1.2.840.10008.1.2.4.59", "JPEG Extended, Hierarchical (Process 16 & 18) (Retired)", "JPEGExtendedHierarchical1618", isEncapsulated: true, isLossy: true, isRetired: true);
    public static TransferSyntax JPEGExtendedHierarchical1719 { get; } = new("1.2.840.10008.1.2.4.60", "JPEG Extended, Hierarchical (Process 17 & 19) (Retired)", "JPEGExtendedHierarchical1719", isEncapsulated: true, isLossy: true, isRetired: true);
    public static TransferSyntax JPEGSpectralSelectionHierarchical2022 { get; } = new("1.2.840.10008.1.2.4.61", "JPEG Spectral Selection, Hierarchical (Process 20 & 22) (Retired)", "JPEGSpectralSelectionHierarchical2022", isEncapsulated: true, isLossy: true, isRetired: true);
    public static TransferSyntax JPEGSpectralSelectionHierarchical2123 { get; } = new("1.2.840.10008.1.2.4.62", "JPEG Spectral Selection, Hierarchical (Process 21 & 23) (Retired)", "JPEGSpectralSelectionHierarchical2123", isEncapsulated: true, isLossy: true, isRetired: true);
    public static TransferSyntax JPEGFullProgressionHierarchical2426 { get; } = new("1.2.840.10008.1.2.4.63", "JPEG Full Progression, Hierarchical (Process 24 & 26) (Retired)", "JPEGFullProgressionHierarchical2426", isEncapsulated: true, isLossy: true, isRetired: true);
    public static TransferSyntax JPEGFullProgressionHierarchical2527 { get; } = new("1.2.840.10008.1.2.4.64", "JPEG Full Progression, Hierarchical (Process 25 & 27) (Retired)", "JPEGFullProgressionHierarchical2527", isEncapsulated: true, isLossy: true, isRetired: true);
    public static TransferSyntax JPEGLosslessHierarchical28 { get; } = new("1.2.840.10008.1.2.4.65", "JPEG Lossless, Hierarchical (Process 28) (Retired)", "JPEGLosslessHierarchical28", isEncapsulated: true, isRetired: true);
    public static TransferSyntax JPEGLosslessHierarchical29 { get; } = new("1.2.840.10008.1.2.4.66", "JPEG Lossless, Hierarchical (Process 29) (Retired)", "JPEGLosslessHierarchical29", isEncapsulated: true, isRetired: true);
    public static TransferSyntax MPEG2MPMLF { get; } = new("1.2.840.10008.1.2.4.100.1", "Fragmentable MPEG2 Main Profile / Main Level", "MPEG2MPMLF", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG2MPHLF { get; } = new("1.2.840.10008.1.2.4.101.1", "Fragmentable MPEG2 Main Profile / High Level", "MPEG2MPHLF", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG4HP41F { get; } = new("1.2.840.10008.1.2.4.102.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1", "MPEG4HP41F", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG4HP41BDF { get; } = new("1.2.840.10008.1.2.4.103.1", "Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", "MPEG4HP41BDF", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG4HP422DF { get; } = new("1.2.840.10008.1.2.4.104.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", "MPEG4HP422DF", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG4HP423DF { get; } = new("1.2.840.10008.1.2.4.105.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", "MPEG4HP423DF", isEncapsulated: true, isLossy: true);
    public static TransferSyntax MPEG4HP42STEREOF { get; } = new("1.2.840.10008.1.2.4.106.1", "Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", "MPEG4HP42STEREOF", isEncapsulated: true, isLossy: true);
    public static TransferSyntax JPEGXLLossless { get; } = new("1.2.840.10008.1.2.4.110", "JPEG XL Lossless", "JPEGXLLossless", isEncapsulated: true);
    public static TransferSyntax JPEGXLJPEGRecompression { get; } = new("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression", "JPEGXLJPEGRecompression", isEncapsulated: true, isLossy: true);
    public static TransferSyntax JPEGXL { get; } = new("1.2.840.10008.1.2.4.112", "JPEG XL", "JPEGXL", isEncapsulated: true, isLossy: true);
    public static TransferSyntax JPIPHTJ2KReferenced { get; } = new("1.2.840.10008.1.2.4.204", "JPIP HTJ2K Referenced", "JPIPHTJ2KReferenced");
    public static TransferSyntax JPIPHTJ2KReferencedDeflate { get; } = new("1.2.840.10008.1.2.4.205", "JPIP HTJ2K Referenced Deflate", "JPIPHTJ2KReferencedDeflate", isDeflated: true);
    public static TransferSyntax SMPTEST211020UncompressedProgressiveActiveVideo { get; } = new("1.2.840.10008.1.2.7.1", "SMPTE ST 2110-20 Uncompressed Progressive Active Video", "SMPTEST211020UncompressedProgressiveActiveVideo");
    public static TransferSyntax SMPTEST211020UncompressedInterlacedActiveVideo { get; } = new("1.2.840.10008.1.2.7.2", "SMPTE ST 2110-20 Uncompressed Interlaced Active Video", "SMPTEST211020UncompressedInterlacedActiveVideo");
    public static TransferSyntax SMPTEST211030PCMDigitalAudio { get; } = new("1.2.840.10008.1.2.7.3", "SMPTE ST 2110-30 PCM Digital Audio", "SMPTEST211030PCMDigitalAudio");
    public static TransferSyntax DeflatedImageFrameCompression { get; } = new("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", "DeflatedImageFrameCompression", isEncapsulated: true);

    /// <summary>Every transfer syntax DicomHub knows by name.</summary>
    public static IReadOnlyList<TransferSyntax> Known { get; } =
    [
        ImplicitVRLittleEndian, ExplicitVRLittleEndian, EncapsulatedUncompressedExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian,
        ExplicitVRBigEndian, JPEGBaseline8Bit, JPEGExtended12Bit, JPEGLossless, JPEGLosslessSV1, JPEGLSLossless, JPEGLSNearLossless,
        JPEG2000Lossless, JPEG2000, JPEG2000MCLossless, JPEG2000MC, JPIPReferenced, JPIPReferencedDeflate, MPEG2MPML, MPEG2MPHL,
        MPEG4HP41, MPEG4HP41BD, MPEG4HP422D, MPEG4HP423D, MPEG4HP42STEREO, HEVCMP51, HEVCM10P51, HTJ2KLossless, HTJ2KLosslessRPCL,
        HTJ2K, RLELossless,
        JPEGExtended35, JPEGSpectralSelectionNonHierarchical68, JPEGSpectralSelectionNonHierarchical79, JPEGFullProgressionNonHierarchical1012,
        JPEGFullProgressionNonHierarchical1113, JPEGLosslessNonHierarchical15, JPEGExtendedHierarchical1618, JPEGExtendedHierarchical1719,
        JPEGSpectralSelectionHierarchical2022, JPEGSpectralSelectionHierarchical2123, JPEGFullProgressionHierarchical2426,
        JPEGFullProgressionHierarchical2527, JPEGLosslessHierarchical28, JPEGLosslessHierarchical29, MPEG2MPMLF, MPEG2MPHLF, MPEG4HP41F,
        MPEG4HP41BDF, MPEG4HP422DF, MPEG4HP423DF, MPEG4HP42STEREOF, JPEGXLLossless, JPEGXLJPEGRecompression, JPEGXL, JPIPHTJ2KReferenced,
        JPIPHTJ2KReferencedDeflate, SMPTEST211020UncompressedProgressiveActiveVideo, SMPTEST211020UncompressedInterlacedActiveVideo,
        SMPTEST211030PCMDigitalAudio, DeflatedImageFrameCompression,
    ];

    /// <summary>
    /// A transfer syntax from its UID. An unknown UID is taken as an encapsulated Explicit VR Little
    /// Endian syntax (PS3.5 A.4: every compressed syntax encodes the data set that way), so it passes through.
    /// </summary>
    public static TransferSyntax FromUid(string uid)
    {
        var trimmed = uid.Trim().TrimEnd('\0');
        return Known.FirstOrDefault(k => k.Uid == trimmed)
            ?? new TransferSyntax(trimmed, $"Unknown ({trimmed})", trimmed, isEncapsulated: true);
    }

    /// <summary>Parses a UID or a keyword/short name (case-insensitive); null when neither matches.</summary>
    public static TransferSyntax? TryParse(string text)
    {
        var t = text.Trim();
        var byName = Known.FirstOrDefault(k => string.Equals(k.Keyword, t, StringComparison.OrdinalIgnoreCase) || string.Equals(k.Uid, t, StringComparison.Ordinal))
            ?? Aliases.FirstOrDefault(a => string.Equals(a.Alias, t, StringComparison.OrdinalIgnoreCase)).Syntax;
        if (byName is not null)
        {
            return byName;
        }

        return DicomUid.IsValid(t) ? FromUid(t) : null;
    }

    public static TransferSyntax Parse(string text) => TryParse(text)
        ?? throw new FormatException($"'{text}' is not a transfer syntax: give a UID or one of {string.Join(", ", Aliases.Select(a => a.Alias))}.");

    private static (string Alias, TransferSyntax Syntax)[] Aliases =>
    [
        ("implicit", ImplicitVRLittleEndian), ("explicit", ExplicitVRLittleEndian), ("big", ExplicitVRBigEndian),
        ("deflate", DeflatedExplicitVRLittleEndian), ("rle", RLELossless), ("jpeg-lossless", JPEGLosslessSV1),
        ("jpegls", JPEGLSLossless), ("j2k", JPEG2000Lossless),
    ];

    public bool Equals(TransferSyntax? other) => other is not null && other.Uid == Uid;

    public override bool Equals(object? obj) => Equals(obj as TransferSyntax);

    public override int GetHashCode() => Uid.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => $"{Name} [{Uid}]";

    public static bool operator ==(TransferSyntax? left, TransferSyntax? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(TransferSyntax? left, TransferSyntax? right) => !(left == right);
}
