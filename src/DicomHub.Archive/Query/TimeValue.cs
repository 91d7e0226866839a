namespace DicomHub.Archive.Query;

/// <summary>
/// TM values normalised to HHMMSS.ffffff so that string order is time order: "1230" and "123000" become
/// the same key, and a range bound "12" means 12:00:00.000000 as a lower and 12:59:59.999999 as an upper bound.
/// </summary>
public static class TimeValue
{
    private const string Floor = "000000.000000";
    private const string Ceiling = "595959.999999";

    /// <summary>The stored form of a TM value (empty stays empty); a legacy "12:30:00" form is accepted.</summary>
    public static string Normalize(string? value) => Pad(value, Floor);

    public static string LowerBound(string value) => Pad(value, Floor);

    public static string UpperBound(string value) => Pad(value, Ceiling);

    private static string Pad(string? value, string filler)
    {
        var text = (value ?? string.Empty).Trim().Replace(":", string.Empty, StringComparison.Ordinal);
        if (text.Length == 0)
        {
            return string.Empty;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot >= 0 ? text[..dot] : text;
        var fraction = dot >= 0 ? text[(dot + 1)..] : string.Empty;
        if (whole.Length > 6 || fraction.Length > 6)
        {
            return text;
        }

        // HH, HHMM or HHMMSS: fill the missing minutes/seconds from the filler (00 or 59).
        var hhmmss = whole + filler.Substring(whole.Length, 6 - whole.Length);
        var frac = fraction + filler.Substring(7 + fraction.Length, 6 - fraction.Length);
        return $"{hhmmss}.{frac}";
    }
}
