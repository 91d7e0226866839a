namespace DicomHub.Dicom.Imaging.Codecs.Rle;

/// <summary>
/// Where the bytes of one RLE segment sit in a native frame. PS3.5 G.2: one segment per byte of each sample,
/// the most significant byte first, then the next sample; so 16-bit RGB has segments R-high, R-low, G-high...
/// Native samples are little-endian, so the most significant byte of a sample is its last byte.
/// </summary>
internal readonly struct RleLayout
{
    public const int HeaderLength = 64;
    public const int MaxSegments = 15;

    private readonly int _bytesPerSample;
    private readonly int _samplesPerPixel;
    private readonly bool _planar;
    private readonly int _pixels;

    public RleLayout(ImageDescription description)
    {
        if (description.BitsAllocated is not (8 or 16 or 32))
        {
            throw new NotSupportedException($"RLE Lossless supports Bits Allocated 8, 16 or 32, not {description.BitsAllocated}.");
        }

        if (description.IsChromaSubsampled)
        {
            throw new NotSupportedException($"RLE Lossless cannot hold chroma-subsampled {description.PhotometricInterpretation} pixel data; convert it to full resolution first.");
        }

        _bytesPerSample = description.BitsAllocated / 8;
        _samplesPerPixel = description.SamplesPerPixel;
        _planar = description.PlanarConfiguration == 1 && _samplesPerPixel > 1;
        _pixels = description.PixelsPerFrame;
        Columns = description.Columns;
        Rows = description.Rows;
        SegmentCount = _bytesPerSample * _samplesPerPixel;
        if (SegmentCount > MaxSegments)
        {
            throw new NotSupportedException($"RLE Lossless holds at most {MaxSegments} segments; {description.SamplesPerPixel} samples of {description.BitsAllocated} bits need {SegmentCount}.");
        }
    }

    public int SegmentCount { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Bytes of the decoded segment: one per pixel.</summary>
    public int SegmentLength => _pixels;

    /// <summary>Offset of the segment's first byte in the native frame.</summary>
    public int FirstByte(int segment)
    {
        var sample = segment / _bytesPerSample;
        var significance = segment % _bytesPerSample; // 0 = most significant
        var byteInSample = _bytesPerSample - 1 - significance;
        return _planar
            ? (sample * _pixels * _bytesPerSample) + byteInSample
            : (sample * _bytesPerSample) + byteInSample;
    }

    /// <summary>Distance in the native frame between the segment's consecutive bytes.</summary>
    public int Stride => _planar ? _bytesPerSample : _bytesPerSample * _samplesPerPixel;
}
