using System.Globalization;

namespace DicomHub.Dicom.Data;

/// <summary>
/// A DT value (PS3.5 6.2): YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&amp;ZZXX]. Partial values name a span
/// (<see cref="Earliest"/> to <see cref="Latest"/>); <see cref="Offset"/> is the UTC offset when the text has one.
/// </summary>
public readonly record struct DicomDateTime(DateTime Earliest, DateTime Latest, TimeSpan? Offset)
{
    /// <summary>The earliest instant with its offset (local time of the machine when the value has none).</summary>
    public DateTimeOffset ToDateTimeOffset(TimeSpan? defaultOffset = null) =>
        new(Earliest, Offset ?? defaultOffset ?? TimeZoneInfo.Local.GetUtcOffset(Earliest));

    public static bool TryParse(ReadOnlySpan<char> text, out DicomDateTime value)
    {
        value = default;
        var t = text.Trim();
        TimeSpan? offset = null;
        var sign = t.LastIndexOfAny('+', '-');
        if (sign >= 0)
        {
            var zone = t[(sign + 1)..];
            if (zone.Length != 4 || !DicomTime.IsDigits(zone))
            {
                return false;
            }

            var hours = DicomTime.Number(zone[..2]);
            var minutes = DicomTime.Number(zone[2..]);
            if (hours > 14 || minutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0) * (t[sign] == '-' ? -1 : 1);
            t = t[..sign];
        }

        var dot = t.IndexOf('.');
        var digits = dot < 0 ? t.Length : dot;
        if (digits is not (4 or 6 or 8 or 10 or 12 or 14) || !DicomTime.IsDigits(t[..digits]) || (dot >= 0 && digits != 14))
        {
            return false;
        }

        var year = DicomTime.Number(t[..4]);
        var month = digits >= 6 ? DicomTime.Number(t[4..6]) : 1;
        var day = digits >= 8 ? DicomTime.Number(t[6..8]) : 1;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        DateTime earliest, latest;
        if (digits <= 8)
        {
            earliest = date;
            var next = digits switch { 4 => date.AddYears(1), 6 => date.AddMonths(1), _ => date.AddDays(1) };
            latest = next.AddTicks(-10);
        }
        else if (DicomTime.TryParseCompact(t[8..], out var from, out var to))
        {
            earliest = date + from.ToTimeSpan();
            latest = date + to.ToTimeSpan();
        }
        else
        {
            return false;
        }

        value = new DicomDateTime(earliest, latest, offset);
        return true;
    }

    public static DicomDateTime Parse(string text) => TryParse(text, out var value)
        ? value
        : throw new FormatException($"'{text}' is not a DICOM date-time (DT): expected YYYY[MM[DD[HH[MM[SS[.FFFFFF]]]]]][+/-ZZXX].");

    /// <summary>YYYYMMDDHHMMSS[.FFFFFF][+/-ZZXX].</summary>
    public static string Format(DateTime value, TimeSpan? offset = null)
    {
        var text = value.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + DicomTime.Format(TimeOnly.FromDateTime(value));
        if (offset is { } o)
        {
            text += (o < TimeSpan.Zero ? "-" : "+") + o.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
        }

        return text;
    }

    public static string Format(DateTimeOffset value) => Format(value.DateTime, value.Offset);
}
