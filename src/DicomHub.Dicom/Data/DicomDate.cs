using System.Globalization;

namespace DicomHub.Dicom.Data;

/// <summary>DA values (PS3.5 6.2): YYYYMMDD; the ACR-NEMA form YYYY.MM.DD is read too, as DICOM readers must.</summary>
public static class DicomDate
{
    public static bool TryParse(ReadOnlySpan<char> text, out DateOnly date)
    {
        var t = text.Trim();
        if (t.Length == 10 && t[4] == '.' && t[7] == '.')
        {
            Span<char> compact = stackalloc char[8];
            t[..4].CopyTo(compact);
            t[5..7].CopyTo(compact[4..]);
            t[8..10].CopyTo(compact[6..]);
            return DateOnly.TryParseExact(compact, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        }

        return DateOnly.TryParseExact(t, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static DateOnly Parse(string text) => TryParse(text, out var date)
        ? date
        : throw new FormatException($"'{text}' is not a DICOM date (DA): expected YYYYMMDD.");

    public static string Format(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}

/// <summary>
/// TM values (PS3.5 6.2): HH, HHMM, HHMMSS or HHMMSS.F (1 to 6 fraction digits); the ACR-NEMA form HH:MM:SS
/// is read too. A partial time names a span: "10" is 10:00:00 to 10:59:59.999999, which range matching needs.
/// </summary>
public static class DicomTime
{
    /// <summary>The earliest instant the text names (a partial time is filled with zeros).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeOnly time) => TryParse(text, out time, out _);

    /// <summary>The first and the last instant the text names ("1015" is 10:15:00.000000 to 10:15:59.999999).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeOnly earliest, out TimeOnly latest)
    {
        earliest = latest = default;
        Span<char> compact = stackalloc char[16];
        var length = 0;
        foreach (var c in text.Trim())
        {
            if (c == ':')
            {
                continue;
            }

            if (length == compact.Length)
            {
                return false;
            }

            compact[length++] = c;
        }

        return TryParseCompact(compact[..length], out earliest, out latest);
    }

    public static TimeOnly Parse(string text) => TryParse(text, out var time)
        ? time
        : throw new FormatException($"'{text}' is not a DICOM time (TM): expected HH[MM[SS[.FFFFFF]]].");

    /// <summary>HHMMSS, with a fraction only when the time has one (microseconds, trailing zeros dropped).</summary>
    public static string Format(TimeOnly time)
    {
        var text = time.ToString("HHmmss", CultureInfo.InvariantCulture);
        var micros = (time.Ticks % TimeSpan.TicksPerSecond) / 10;
        return micros == 0 ? text : text + "." + micros.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    internal static bool TryParseCompact(ReadOnlySpan<char> t, out TimeOnly earliest, out TimeOnly latest)
    {
        earliest = latest = default;
        var dot = t.IndexOf('.');
        var whole = dot < 0 ? t : t[..dot];
        var fraction = dot < 0 ? [] : t[(dot + 1)..];
        if (whole.Length is not (2 or 4 or 6) || !IsDigits(whole) || fraction.Length > 6 || !IsDigits(fraction) || (dot >= 0 && whole.Length != 6))
        {
            return false;
        }

        var hour = Number(whole[..2]);
        var minute = whole.Length >= 4 ? Number(whole[2..4]) : 0;
        var second = whole.Length == 6 ? Number(whole[4..6]) : 0;
        // A leap second (60) is legal in TM; TimeOnly has none, so it is read as 59.999999.
        var leap = second == 60;
        if (hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var ticks = new TimeSpan(hour, minute, leap ? 59 : second).Ticks;
        long fractionTicks = 0;
        if (fraction.Length > 0)
        {
            fractionTicks = Number(fraction) * (long)Math.Pow(10, 7 - fraction.Length);
        }

        var start = leap ? ticks + TimeSpan.TicksPerSecond - 10 : ticks + fractionTicks;
        var span = whole.Length switch
        {
            2 => TimeSpan.TicksPerHour,
            4 => TimeSpan.TicksPerMinute,
            _ when fraction.Length > 0 => (long)Math.Pow(10, 7 - fraction.Length),
            _ => TimeSpan.TicksPerSecond,
        };
        earliest = new TimeOnly(start);
        latest = new TimeOnly(Math.Min(leap ? start : start + span - 10, TimeOnly.MaxValue.Ticks));
        return true;
    }

    internal static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static int Number(ReadOnlySpan<char> digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
}
