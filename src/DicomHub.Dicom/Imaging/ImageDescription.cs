using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Imaging;

/// <summary>
/// The Image Pixel module attributes that say how the bytes of a frame are laid out (PS3.3 C.7.6.3).
/// A native frame is <see cref="FrameLength"/> bytes, little-endian samples of <see cref="BitsAllocated"/>
/// bits, samples interleaved (Planar Configuration 0) or colour-by-plane (1).
/// </summary>
public sealed record ImageDescription
{
    public required int Rows { get; init; }

    public required int Columns { get; init; }

    public int SamplesPerPixel { get; init; } = 1;

    public required int BitsAllocated { get; init; }

    public required int BitsStored { get; init; }

    public int HighBit { get; init; }

    /// <summary>0 unsigned, 1 two's complement.</summary>
    public int PixelRepresentation { get; init; }

    public string PhotometricInterpretation { get; init; } = "MONOCHROME2";

    /// <summary>0 colour-by-pixel (R1G1B1R2G2B2...), 1 colour-by-plane (R1R2...G1G2...B1B2...).</summary>
    public int PlanarConfiguration { get; init; }

    public int NumberOfFrames { get; init; } = 1;

    public bool IsSigned => PixelRepresentation == 1;

    public int PixelsPerFrame => checked(Rows * Columns);

    /// <summary>Bytes of one sample in memory (1-bit data counts as a byte here; use the bit lengths for it).</summary>
    public int BytesPerSample => (BitsAllocated + 7) / 8;

    public long FrameLengthInBits => (long)Rows * Columns * SamplesPerPixel * BitsAllocated;

    /// <summary>Bytes that hold one native frame (rounded up for 1-bit data).</summary>
    public int FrameLength => checked((int)((FrameLengthInBits + 7) / 8));

    /// <summary>Bytes of the whole native Pixel Data value before its padding to even length.</summary>
    public long NativeLength => ((FrameLengthInBits * NumberOfFrames) + 7) / 8;

    /// <summary>Reads the description from a data set; throws a clear error when a required attribute is missing.</summary>
    public static ImageDescription FromDataset(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var bitsAllocated = Required(dataset, DicomTags.BitsAllocated, "Bits Allocated");
        var bitsStored = dataset.GetInt32(DicomTags.BitsStored) ?? bitsAllocated;
        var description = new ImageDescription
        {
            Rows = Required(dataset, DicomTags.Rows, "Rows"),
            Columns = Required(dataset, DicomTags.Columns, "Columns"),
            SamplesPerPixel = dataset.GetInt32(DicomTags.SamplesPerPixel) ?? 1,
            BitsAllocated = bitsAllocated,
            BitsStored = bitsStored,
            HighBit = dataset.GetInt32(DicomTags.HighBit) ?? bitsStored - 1,
            PixelRepresentation = dataset.GetInt32(DicomTags.PixelRepresentation) ?? 0,
            PhotometricInterpretation = dataset.GetString(DicomTags.PhotometricInterpretation)?.Trim() is { Length: > 0 } pi ? pi : "MONOCHROME2",
            PlanarConfiguration = dataset.GetInt32(DicomTags.PlanarConfiguration) ?? 0,

            // Number of Frames is IS; an empty or absent value means a single frame.
            NumberOfFrames = Math.Max(1, dataset.GetInt32(DicomTags.NumberOfFrames) ?? 1),
        };
        description.Validate();
        return description;
    }

    /// <summary>Writes the Image Pixel attributes this record holds (Number of Frames only when present before or above 1).</summary>
    public void ApplyTo(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        dataset.AddOrUpdate(DicomTags.SamplesPerPixel, DicomVR.US, SamplesPerPixel);
        dataset.AddOrUpdate(DicomTags.PhotometricInterpretation, PhotometricInterpretation);
        if (SamplesPerPixel > 1)
        {
            dataset.AddOrUpdate(DicomTags.PlanarConfiguration, DicomVR.US, PlanarConfiguration);
        }

        if (NumberOfFrames > 1 || dataset.Contains(DicomTags.NumberOfFrames))
        {
            dataset.AddOrUpdate(DicomTags.NumberOfFrames, DicomVR.IS, NumberOfFrames);
        }

        dataset.AddOrUpdate(DicomTags.Rows, DicomVR.US, Rows);
        dataset.AddOrUpdate(DicomTags.Columns, DicomVR.US, Columns);
        dataset.AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, BitsAllocated);
        dataset.AddOrUpdate(DicomTags.BitsStored, DicomVR.US, BitsStored);
        dataset.AddOrUpdate(DicomTags.HighBit, DicomVR.US, HighBit);
        dataset.AddOrUpdate(DicomTags.PixelRepresentation, DicomVR.US, PixelRepresentation);
    }

    /// <summary>Rejects descriptions no frame could match (zero size, Bits Stored above Bits Allocated...).</summary>
    public void Validate()
    {
        if (Rows <= 0 || Columns <= 0)
        {
            throw new DicomImagingException($"The image is {Rows} x {Columns}: Rows (0028,0010) and Columns (0028,0011) must be at least 1.");
        }

        if (SamplesPerPixel is < 1 or > 4)
        {
            throw new DicomImagingException($"Samples per Pixel (0028,0002) is {SamplesPerPixel}; DICOM images have 1 to 4.");
        }

        if (BitsAllocated is not (1 or 8 or 16 or 32 or 64))
        {
            throw new DicomImagingException($"Bits Allocated (0028,0100) is {BitsAllocated}; expected 1, 8, 16, 32 or 64.");
        }

        if (BitsStored < 1 || BitsStored > BitsAllocated)
        {
            throw new DicomImagingException($"Bits Stored (0028,0101) is {BitsStored} with Bits Allocated {BitsAllocated}; it must be between 1 and Bits Allocated.");
        }

        if (NumberOfFrames < 1)
        {
            throw new DicomImagingException($"Number of Frames (0028,0008) is {NumberOfFrames}; it must be at least 1.");
        }
    }

    /// <summary>Colour subsampled in the native layout (YBR_FULL_422, YBR_PARTIAL_420): a frame is not Rows x Columns x Samples.</summary>
    public bool IsChromaSubsampled => PhotometricInterpretation is "YBR_FULL_422" or "YBR_PARTIAL_422" or "YBR_PARTIAL_420";

    private static int Required(DicomDataset dataset, DicomTag tag, string name) =>
        dataset.GetInt32(tag) ?? throw new DicomImagingException($"{name} {tag} is missing: the data set has no usable image description.");
}
