using DicomHub.Dicom.Data;

namespace DicomHub.Archive.Query;

/// <summary>
/// Turns a key's value text into a <see cref="MatchCondition"/> following PS3.4 C.2.2.2: empty is universal,
/// a UI value with several UIDs is a list, a '-' in a DA/TM/DT value is a range, '*' or '?' in a text VR is
/// a wildcard, anything else is single value matching.
/// </summary>
public static class MatchConditionParser
{
    /// <param name="listSeparators">'\\' for C-FIND identifiers; ',' and '\\' for QIDO-RS parameters.</param>
    public static MatchCondition Parse(DicomVR vr, string? value, ReadOnlySpan<char> listSeparators)
    {
        var text = (value ?? string.Empty).Trim();
        if (text.Length == 0 || text == "*")
        {
            return UniversalMatch.Instance;
        }

        if (text.AsSpan().IndexOfAny(listSeparators) >= 0)
        {
            var values = text.Split(listSeparators.ToArray(), StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (values.Length > 1)
            {
                return new ListMatch(values);
            }

            text = values.Length == 1 ? values[0] : string.Empty;
            if (text.Length == 0)
            {
                return UniversalMatch.Instance;
            }
        }

        if (vr is DicomVR.DA or DicomVR.TM or DicomVR.DT)
        {
            var dash = text.IndexOf('-', StringComparison.Ordinal);

            // A DT value may carry a "-hhmm" UTC offset; a range dash in DT is one with text on at most one side
            // that is not an offset. Keep it simple and exact for DA/TM, where '-' can only mean a range.
            if (dash >= 0 && (vr != DicomVR.DT || text.Count(c => c == '-') == 1))
            {
                var lower = text[..dash].Trim();
                var upper = text[(dash + 1)..].Trim();
                if (lower.Length == 0 && upper.Length == 0)
                {
                    return UniversalMatch.Instance;
                }

                return new RangeMatch(lower.Length == 0 ? null : lower, upper.Length == 0 ? null : upper);
            }

            return new SingleValueMatch(text);
        }

        if (vr != DicomVR.UI && text.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            return new WildcardMatch(text);
        }

        return new SingleValueMatch(text);
    }
}
