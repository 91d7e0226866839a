using DicomHub.Dicom.Data;

namespace DicomHub.Archive.Query;

/// <summary>One attribute of a sequence matching key's item, with how it matches.</summary>
public sealed record SequenceItemKey(DicomTag Tag, DicomVR VR, MatchCondition Condition);

/// <summary>A sequence matching key (PS3.4 C.2.2.2.6): the attributes of its single item that carry values.</summary>
public sealed record SequenceKey(DicomTag Tag, IReadOnlyList<SequenceItemKey> ItemKeys);

/// <summary>
/// Sequence matching, done in memory on the candidates the SQL query returned: the registry keeps sequence
/// attributes in each entity's attribute JSON rather than in columns, and the candidates are already cut to
/// one patient, study or series each, so this never scans the archive. A candidate matches when at least one
/// of its stored items matches every valued attribute of the key's item; an item without values is universal.
/// Nested sequences inside the key's item are matched universally (not indexed).
/// </summary>
public static class SequenceMatcher
{
    /// <summary>The key to match, or null when the sequence is universal (no item, or no values in it).</summary>
    public static SequenceKey? Parse(DicomSequence query)
    {
        if (query.Items.Count == 0)
        {
            return null;
        }

        var keys = new List<SequenceItemKey>();
        var item = query.Items[0];
        foreach (var attribute in item)
        {
            if (attribute is not DicomElement element || element.Length == 0)
            {
                continue;
            }

            var condition = MatchConditionParser.Parse(element.VR, item.GetString(element.Tag), ['\\']);
            if (condition is not UniversalMatch)
            {
                keys.Add(new SequenceItemKey(element.Tag, element.VR, condition));
            }
        }

        return keys.Count == 0 ? null : new SequenceKey(query.Tag, keys);
    }

    /// <summary>True when <paramref name="candidate"/> (a stored entity's attributes) satisfies <paramref name="key"/>.</summary>
    public static bool Matches(DicomDataset candidate, SequenceKey key) =>
        candidate.Get<DicomSequence>(key.Tag) is { } stored
        && stored.Items.Any(item => key.ItemKeys.All(k => Matches(k.Condition, k.VR, item.GetStrings(k.Tag))));

    /// <summary>One condition against a stored (possibly multi-valued) attribute: any value may match.</summary>
    public static bool Matches(MatchCondition condition, DicomVR vr, IReadOnlyList<string> storedValues)
    {
        if (condition is UniversalMatch)
        {
            return true;
        }

        // PN matching ignores case (as the SQL side compares an upper-cased column); everything else is exact.
        var comparison = vr == DicomVR.PN ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var raw in storedValues)
        {
            var value = raw.Trim();
            var matched = condition switch
            {
                SingleValueMatch single => string.Equals(value, single.Value.Trim(), comparison),
                ListMatch list => list.Values.Any(v => string.Equals(value, v.Trim(), comparison)),
                WildcardMatch wildcard => Glob(value, wildcard.Pattern, comparison),
                RangeMatch range => value.Length > 0
                    && (range.Lower is null || string.CompareOrdinal(value, range.Lower) >= 0)
                    && (range.Upper is null || string.CompareOrdinal(value, range.Upper) <= 0),
                _ => false,
            };
            if (matched)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>'*' is any run of characters, '?' exactly one; linear with backtracking to the last '*'.</summary>
    internal static bool Glob(ReadOnlySpan<char> value, ReadOnlySpan<char> pattern, StringComparison comparison)
    {
        int v = 0, p = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || value.Slice(v, 1).Equals(pattern.Slice(p, 1), comparison)))
            {
                v++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
