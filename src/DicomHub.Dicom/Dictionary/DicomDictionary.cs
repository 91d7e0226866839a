using System.Collections.Frozen;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Dictionary;

/// <summary>
/// Looks up data elements by tag or keyword. The standard's elements come from generated tables
/// (tools/dictionary); private and unknown tags have no entry and read as UN in implicit VR data.
/// </summary>
public sealed class DicomDictionary
{
    private readonly FrozenDictionary<uint, DicomDictionaryEntry> _byTag;
    private readonly FrozenDictionary<string, DicomDictionaryEntry> _byKeyword;
    private readonly DicomDictionaryRangeEntry[] _ranges;

    private DicomDictionary(IEnumerable<DicomDictionaryEntry> entries, DicomDictionaryRangeEntry[] ranges)
    {
        var byTag = new Dictionary<uint, DicomDictionaryEntry>();
        var byKeyword = new Dictionary<string, DicomDictionaryEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            // The first definition of a tag wins: DICOM's own entries precede DICONDE/DICOS additions.
            byTag.TryAdd(entry.Tag.Value, entry);
            byKeyword.TryAdd(entry.Keyword, entry);
        }

        foreach (var range in ranges)
        {
            byKeyword.TryAdd(range.Keyword, range.For(new DicomTag(range.Range.GroupFirst, range.Range.ElementFirst)));
        }

        _byTag = byTag.ToFrozenDictionary();
        _byKeyword = byKeyword.ToFrozenDictionary(StringComparer.Ordinal);
        _ranges = ranges;
    }

    /// <summary>The standard dictionary (built once; immutable).</summary>
    public static DicomDictionary Default { get; } = new(DicomDictionaryEntries.Create(), DicomDictionaryEntries.CreateRanges());

    public int Count => _byTag.Count + _ranges.Length;

    public DicomDictionaryEntry? Find(DicomTag tag)
    {
        if (_byTag.TryGetValue(tag.Value, out var entry))
        {
            return entry;
        }

        if (tag.IsPrivate)
        {
            return tag.IsPrivateCreator ? new DicomDictionaryEntry(tag, "PrivateCreator", [DicomVR.LO], "1", false) : null;
        }

        if (tag.IsGroupLength)
        {
            return new DicomDictionaryEntry(tag, "GroupLength", [DicomVR.UL], "1", false);
        }

        foreach (var range in _ranges)
        {
            if (range.Range.Contains(tag))
            {
                return range.For(tag);
            }
        }

        return null;
    }

    public DicomDictionaryEntry? Find(string keyword) => _byKeyword.GetValueOrDefault(keyword);

    /// <summary>The VR to use when the data does not say (implicit VR): the dictionary's, else UN.</summary>
    public DicomVR DefaultVR(DicomTag tag) => Find(tag)?.DefaultVR ?? DicomVR.UN;

    /// <summary>Parses a keyword ("PatientName") or a tag in hex ("00100010", "(0010,0010)").</summary>
    public bool TryParseTag(string text, out DicomTag tag)
    {
        if (Find(text) is { } entry)
        {
            tag = entry.Tag;
            return true;
        }

        return DicomTag.TryParse(text, out tag);
    }

    public string KeywordOf(DicomTag tag) => Find(tag)?.Keyword ?? (tag.IsPrivate ? "PrivateTag" : "UnknownTag");
}
