namespace DicomHub.Dicom.IO;

/// <summary>How a reader treats large values and defects. Immutable once handed to a reader.</summary>
public sealed record DicomReadOptions
{
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Stop reading the top-level data set at Pixel Data (7FE0,0010), leaving it and everything after unread.</summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>
    /// Values (and fragments) longer than this, read from a file, stay in the file as a lazy
    /// <see cref="Data.Buffers.FileByteBuffer"/> instead of being loaded. Ignored for other streams,
    /// for Deflated data and for Big Endian values that need byte swapping.
    /// </summary>
    public long LargeValueThreshold { get; init; } = long.MaxValue;

    /// <summary>Receives a message for every defect read leniently (odd length, bad VR, wrong group length, ...).</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>
    /// Sequences nested deeper than this are rejected with a <see cref="DicomFormatException"/>: a guard
    /// against hostile input, since code that walks the data set afterwards may recurse.
    /// </summary>
    public int MaxSequenceDepth { get; init; } = 256;
}
