namespace DicomHub.Dicom.Data;

/// <summary>
/// Range matching values of C-FIND and QIDO-RS (PS3.4 C.2.2.2.5): "a-b", "-b" (up to b), "a-" (from a) or a
/// single value (exactly a). Open ends are null; both ends are inclusive.
/// </summary>
internal static class RangeText
{
    /// <summary>Splits at the range hyphen; false when there is none (a single value).</summary>
    public static bool TrySplit(string text, out string from, out string to)
    {
        var t = text.Trim();
        var dash = t.IndexOf('-');
        if (dash < 0)
        {
            from = to = t;
            return false;
        }

        from = t[..dash].Trim();
        to = t[(dash + 1)..].Trim();
        return true;
    }
}

/// <summary>A DA range.</summary>
public readonly record struct DicomDateRange(DateOnly? From, DateOnly? To)
{
    public bool Contains(DateOnly date) => (From is null || date >= From) && (To is null || date <= To);

    public static bool TryParse(string? text, out DicomDateRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "-")
        {
            return false;
        }

        RangeText.TrySplit(text, out var from, out var to);
        DateOnly? a = null, b = null;
        if (from.Length > 0)
        {
            if (!DicomDate.TryParse(from, out var d))
            {
                return false;
            }

            a = d;
        }

        if (to.Length > 0)
        {
            if (!DicomDate.TryParse(to, out var d))
            {
                return false;
            }

            b = d;
        }

        range = new DicomDateRange(a, b);
        return true;
    }

    public static DicomDateRange Parse(string text) => TryParse(text, out var range)
        ? range
        : throw new FormatException($"'{text}' is not a date range: expected YYYYMMDD, YYYYMMDD-YYYYMMDD, -YYYYMMDD or YYYYMMDD-.");

    public override string ToString() => From == To && From is { } d
        ? DicomDate.Format(d)
        : $"{(From is { } f ? DicomDate.Format(f) : string.Empty)}-{(To is { } t ? DicomDate.Format(t) : string.Empty)}";
}

/// <summary>A TM range; partial times widen to the span they name ("10-11" is 10:00:00 to 11:59:59.999999).</summary>
public readonly record struct DicomTimeRange(TimeOnly? From, TimeOnly? To)
{
    public bool Contains(TimeOnly time) => (From is null || time >= From) && (To is null || time <= To);

    public static bool TryParse(string? text, out DicomTimeRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "-")
        {
            return false;
        }

        var isRange = RangeText.TrySplit(text, out var from, out var to);
        TimeOnly? a = null, b = null;
        if (from.Length > 0)
        {
            if (!DicomTime.TryParse(from, out var earliest, out var latest))
            {
                return false;
            }

            a = earliest;
            b = isRange ? null : latest;
        }

        if (isRange && to.Length > 0)
        {
            if (!DicomTime.TryParse(to, out _, out var latest))
            {
                return false;
            }

            b = latest;
        }

        range = new DicomTimeRange(a, b);
        return true;
    }

    public static DicomTimeRange Parse(string text) => TryParse(text, out var range)
        ? range
        : throw new FormatException($"'{text}' is not a time range: expected HHMMSS, HHMMSS-HHMMSS, -HHMMSS or HHMMSS-.");
}

/// <summary>A DT range; partial values widen to the span they name, offsets are kept with the ends.</summary>
public readonly record struct DicomDateTimeRange(DicomDateTime? From, DicomDateTime? To)
{
    /// <summary>True when <paramref name="value"/> (compared as local wall-clock time when either side has no offset) is within.</summary>
    public bool Contains(DicomDateTime value) =>
        (From is not { } f || Compare(value.Earliest, value.Offset, f.Earliest, f.Offset) >= 0)
        && (To is not { } t || Compare(value.Earliest, value.Offset, t.Latest, t.Offset) <= 0);

    public static bool TryParse(string? text, out DicomDateTimeRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "-")
        {
            return false;
        }

        var t = text.Trim();
        // A single value may itself hold a '-' (a negative UTC offset): that reading wins when it parses.
        if (DicomDateTime.TryParse(t, out var single))
        {
            range = new DicomDateTimeRange(single, single);
            return true;
        }

        for (var dash = t.IndexOf('-'); dash >= 0; dash = t.IndexOf('-', dash + 1))
        {
            var from = t[..dash].Trim();
            var to = t[(dash + 1)..].Trim();
            DicomDateTime? a = null, b = null;
            if (from.Length > 0)
            {
                if (!DicomDateTime.TryParse(from, out var v))
                {
                    continue;
                }

                a = v;
            }

            if (to.Length > 0)
            {
                if (!DicomDateTime.TryParse(to, out var v))
                {
                    continue;
                }

                b = v;
            }

            range = new DicomDateTimeRange(a, b);
            return true;
        }

        return false;
    }

    public static DicomDateTimeRange Parse(string text) => TryParse(text, out var range)
        ? range
        : throw new FormatException($"'{text}' is not a date-time range: expected DT, DT-DT, -DT or DT-.");

    private static int Compare(DateTime a, TimeSpan? aOffset, DateTime b, TimeSpan? bOffset) =>
        aOffset is { } ao && bOffset is { } bo ? (a - ao).CompareTo(b - bo) : a.CompareTo(b);
}
