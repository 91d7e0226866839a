using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Dictionary;

/// <summary>
/// The image attributes that decide a VR PS3.6 leaves open ("US or SS", "OB or OW", "US or SS or OW"), as far
/// as they are known where the element stands: its own data set's, else the enclosing one's.
/// </summary>
public readonly record struct VRContext(int? BitsAllocated, int? PixelRepresentation, int? WaveformBitsAllocated)
{
    public static VRContext Unknown => default;

    /// <summary>This data set's values where it has them, <paramref name="enclosing"/>'s otherwise.</summary>
    public static VRContext Of(DicomDataset dataset, VRContext enclosing) => new(
        dataset.GetInt32(DicomTags.BitsAllocated) ?? enclosing.BitsAllocated,
        dataset.GetInt32(DicomTags.PixelRepresentation) ?? enclosing.PixelRepresentation,
        dataset.GetInt32(DicomTags.WaveformBitsAllocated) ?? enclosing.WaveformBitsAllocated);

    /// <summary>The same context after the element <paramref name="tag"/> (a US) was read with <paramref name="value"/>.</summary>
    public VRContext With(DicomTag tag, int value) =>
        tag == DicomTags.BitsAllocated ? this with { BitsAllocated = value }
        : tag == DicomTags.PixelRepresentation ? this with { PixelRepresentation = value }
        : tag == DicomTags.WaveformBitsAllocated ? this with { WaveformBitsAllocated = value }
        : this;

    /// <summary>True for the elements whose value feeds the context.</summary>
    public static bool Decides(DicomTag tag) =>
        tag == DicomTags.BitsAllocated || tag == DicomTags.PixelRepresentation || tag == DicomTags.WaveformBitsAllocated;
}

/// <summary>
/// The VR of an element whose encoding does not carry one (implicit VR data), when the dictionary allows several.
/// The same rule serves every conversion path (reading implicit VR, the streamed Implicit-to-Explicit converter of
/// C-GET/C-STORE, and so the JSON and XML metadata written from the parsed data set):
/// <list type="bullet">
/// <item>"US or SS": SS when Pixel Representation is 1 (signed samples), else US; the LUT and palette
///   descriptors are always US (their first and third values are unsigned whatever the pixels, PS3.3 C.11.1.1).</item>
/// <item>Pixel Data "OB or OW": OB when Bits Allocated is known and at most 8, else OW (PS3.5 A.1, 8.1.2:
///   implicit VR pixel data is OW; 16-bit samples must never be labelled OB).</item>
/// <item>Waveform "OB or OW" values: OB when Waveform Bits Allocated is at most 8, else OW.</item>
/// <item>Any other "OB or OW" (Overlay Data, air counts): OW, as PS3.5 8.1.2 and DCMTK use.</item>
/// <item>LUT Data "US or SS or OW": OW (a long LUT cannot be US in explicit VR, whose length field is 16 bits).</item>
/// </list>
/// </summary>
public static class ContextualVR
{
    /// <summary>The VR for <paramref name="tag"/> in implicit VR data, in <paramref name="context"/>.</summary>
    public static DicomVR ForImplicit(DicomTag tag, VRContext context)
    {
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (tag.IsPrivate)
        {
            return DicomVR.UN;
        }

        var entry = DicomDictionary.Default.Find(tag);
        return entry is null ? DicomVR.UN : Resolve(tag, entry.ValueRepresentations, context);
    }

    /// <summary>One of <paramref name="allowed"/> (the dictionary's VRs for <paramref name="tag"/>) chosen by the rule above.</summary>
    public static DicomVR Resolve(DicomTag tag, IReadOnlyList<DicomVR> allowed, VRContext context)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (allowed.Count == 0)
        {
            return DicomVR.UN;
        }

        if (allowed.Count == 1)
        {
            return allowed[0];
        }

        if (allowed.Contains(DicomVR.OW) && allowed.Contains(DicomVR.OB))
        {
            var bits = tag == DicomTags.PixelData ? context.BitsAllocated
                : tag.Group == 0x5400 ? context.WaveformBitsAllocated
                : null;
            return bits is { } b && b <= 8 ? DicomVR.OB : DicomVR.OW;
        }

        if (allowed.Contains(DicomVR.OW))
        {
            return DicomVR.OW;
        }

        if (allowed.Contains(DicomVR.US) && allowed.Contains(DicomVR.SS))
        {
            return IsDescriptor(tag) || context.PixelRepresentation != 1 ? DicomVR.US : DicomVR.SS;
        }

        return allowed[0];
    }

    private static bool IsDescriptor(DicomTag tag) =>
        tag == DicomTags.LUTDescriptor
        || tag == DicomTags.RedPaletteColorLookupTableDescriptor
        || tag == DicomTags.GreenPaletteColorLookupTableDescriptor
        || tag == DicomTags.BluePaletteColorLookupTableDescriptor;
}
