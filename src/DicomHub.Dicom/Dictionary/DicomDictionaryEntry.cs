using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Dictionary;

/// <summary>One PS3.6 data element: keyword, allowed VRs (several where context decides, e.g. US or SS), VM.</summary>
public sealed record DicomDictionaryEntry(DicomTag Tag, string Keyword, DicomVR[] ValueRepresentations, string ValueMultiplicity, bool IsRetired)
{
    /// <summary>The VR used when none is given (implicit VR data, or a new element): the first one listed, or UN.</summary>
    public DicomVR DefaultVR => ValueRepresentations.Length > 0 ? ValueRepresentations[0] : DicomVR.UN;
}

/// <summary>Which groups or elements of a range a repeating-group entry covers.</summary>
public enum RangeParity
{
    All,
    Even,
    Odd,
}

/// <summary>A repeating-group tag pattern such as (60xx,0010) or (0020,31xx).</summary>
public readonly record struct DicomTagRange(ushort GroupFirst, ushort GroupLast, RangeParity GroupParity, ushort ElementFirst, ushort ElementLast, RangeParity ElementParity)
{
    public bool Contains(DicomTag tag) =>
        Within(tag.Group, GroupFirst, GroupLast, GroupParity) && Within(tag.Element, ElementFirst, ElementLast, ElementParity);

    private static bool Within(ushort value, ushort first, ushort last, RangeParity parity) =>
        value >= first && value <= last && parity switch
        {
            RangeParity.Even => (value & 1) == 0,
            RangeParity.Odd => (value & 1) == 1,
            _ => true,
        };
}

/// <summary>A repeating-group entry of the dictionary.</summary>
public sealed record DicomDictionaryRangeEntry(DicomTagRange Range, string Keyword, DicomVR[] ValueRepresentations, string ValueMultiplicity, bool IsRetired)
{
    public DicomDictionaryEntry For(DicomTag tag) => new(tag, Keyword, ValueRepresentations, ValueMultiplicity, IsRetired);
}
