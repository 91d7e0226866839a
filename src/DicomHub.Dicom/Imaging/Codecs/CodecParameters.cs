namespace DicomHub.Dicom.Imaging.Codecs;

/// <summary>
/// What a caller asks of an encoder beyond the transfer syntax. Every value is optional: a codec uses its
/// documented default for what is left out and ignores what does not apply to it (a lossless codec has no
/// quality). Immutable, so one instance can be shared.
/// </summary>
public sealed record CodecParameters
{
    /// <summary>No preference: each codec's defaults.</summary>
    public static CodecParameters Default { get; } = new();

    /// <summary>JPEG lossy quality, 1 (smallest) to 100 (best), as libjpeg's scale (default 90).</summary>
    public int? Quality { get; init; }

    /// <summary>JPEG-LS near-lossless error bound NEAR: no sample differs by more than this (default 2 for .4.81, always 0 for .4.80).</summary>
    public int? NearLosslessError { get; init; }

    /// <summary>JPEG 2000 lossy compression ratio, e.g. 10 for 10:1 (default 10 for .4.91 and HTJ2K lossy).</summary>
    public double? CompressionRatio { get; init; }

    /// <summary>JPEG Lossless (.4.57) predictor, 1 to 7 (default 1).</summary>
    public int? Predictor { get; init; }

    /// <summary>
    /// The Photometric Interpretation the encoded image should carry when the codec can choose: for JPEG
    /// Baseline "YBR_FULL_422" (default for colour), "YBR_FULL" or "RGB"; for JPEG 2000 "YBR_RCT"/"YBR_ICT"
    /// (the default for colour, the multi-component transform) or "RGB" (no transform).
    /// </summary>
    public string? PhotometricInterpretation { get; init; }
}
