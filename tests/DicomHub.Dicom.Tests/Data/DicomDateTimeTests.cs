using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Tests.Data;

public class DicomDateTimeTests
{
    [Theory]
    [InlineData("20240229", 2024, 2, 29)]
    [InlineData("1993.08.22", 1993, 8, 22)]
    [InlineData(" 19991231 ", 1999, 12, 31)]
    public void Parses_dates(string text, int year, int month, int day)
    {
        Assert.True(DicomDate.TryParse(text, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("20230229")]
    [InlineData("2023011")]
    [InlineData("2023-01-01")]
    [InlineData("")]
    public void Rejects_invalid_dates(string text) => Assert.False(DicomDate.TryParse(text, out _));

    [Theory]
    [InlineData("07", "07:00:00", "07:59:59.9999990")]
    [InlineData("0715", "07:15:00", "07:15:59.9999990")]
    [InlineData("071530", "07:15:30", "07:15:30.9999990")]
    [InlineData("071530.5", "07:15:30.5", "07:15:30.5999990")]
    [InlineData("071530.123456", "07:15:30.123456", "07:15:30.123456")]
    [InlineData("07:15:30", "07:15:30", "07:15:30.9999990")]
    [InlineData("235960", "23:59:59.999999", "23:59:59.999999")]
    public void Parses_times_with_the_span_they_name(string text, string earliest, string latest)
    {
        Assert.True(DicomTime.TryParse(text, out var from, out var to));
        Assert.Equal(TimeOnly.Parse(earliest, System.Globalization.CultureInfo.InvariantCulture), from);
        Assert.Equal(TimeOnly.Parse(latest, System.Globalization.CultureInfo.InvariantCulture), to);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("2400")]
    [InlineData("0760")]
    [InlineData("0715.5")]
    [InlineData("071530.1234567")]
    public void Rejects_invalid_times(string text) => Assert.False(DicomTime.TryParse(text, out _));

    [Fact]
    public void Formats_times_and_dates()
    {
        Assert.Equal("071530", DicomTime.Format(new TimeOnly(7, 15, 30)));
        Assert.Equal("071530.25", DicomTime.Format(new TimeOnly(7, 15, 30, 250)));
        Assert.Equal("20240229", DicomDate.Format(new DateOnly(2024, 2, 29)));
        Assert.Equal("20240229071530-0500", DicomDateTime.Format(new DateTimeOffset(2024, 2, 29, 7, 15, 30, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public void Parses_date_times_with_utc_offsets_and_partial_precision()
    {
        var full = DicomDateTime.Parse("20240229071530.25+0130");
        Assert.Equal(new DateTime(2024, 2, 29, 7, 15, 30, 250), full.Earliest);
        Assert.Equal(new TimeSpan(1, 30, 0), full.Offset);
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 7, 15, 30, 250, new TimeSpan(1, 30, 0)), full.ToDateTimeOffset());

        var year = DicomDateTime.Parse("2024");
        Assert.Equal(new DateTime(2024, 1, 1), year.Earliest);
        Assert.Equal(new DateTime(2025, 1, 1).AddTicks(-10), year.Latest);
        Assert.Null(year.Offset);

        Assert.Equal(TimeSpan.FromHours(-5), DicomDateTime.Parse("202402-0500").Offset);
        Assert.False(DicomDateTime.TryParse("20240230", out _));
        Assert.False(DicomDateTime.TryParse("20240229+05", out _));
    }

    [Theory]
    [InlineData("20240101-20240131", "20240101", "20240131")]
    [InlineData("-20240131", null, "20240131")]
    [InlineData("20240101-", "20240101", null)]
    [InlineData("20240115", "20240115", "20240115")]
    public void Parses_date_ranges(string text, string? from, string? to)
    {
        var range = DicomDateRange.Parse(text);

        Assert.Equal(from is null ? null : DicomDate.Parse(from), range.From);
        Assert.Equal(to is null ? null : DicomDate.Parse(to), range.To);
    }

    [Fact]
    public void Date_ranges_match_inclusively()
    {
        var range = DicomDateRange.Parse("20240101-20240131");

        Assert.True(range.Contains(new DateOnly(2024, 1, 1)));
        Assert.True(range.Contains(new DateOnly(2024, 1, 31)));
        Assert.False(range.Contains(new DateOnly(2024, 2, 1)));
        Assert.True(DicomDateRange.Parse("-20240131").Contains(new DateOnly(1900, 1, 1)));
        Assert.False(DicomDateRange.TryParse("-", out _));
        Assert.False(DicomDateRange.TryParse("2024-", out _));
        Assert.Equal("20240101-", DicomDateRange.Parse("20240101-").ToString());
    }

    [Fact]
    public void Time_ranges_widen_partial_ends()
    {
        var range = DicomTimeRange.Parse("10-11");

        Assert.Equal(new TimeOnly(10, 0), range.From);
        Assert.True(range.Contains(new TimeOnly(11, 59, 59)));
        Assert.False(range.Contains(new TimeOnly(12, 0)));
        Assert.True(DicomTimeRange.Parse("1015").Contains(new TimeOnly(10, 15, 42)));
        Assert.False(DicomTimeRange.Parse("1015").Contains(new TimeOnly(10, 16)));
        Assert.Null(DicomTimeRange.Parse("-0800").From);
        Assert.Null(DicomTimeRange.Parse("0800-").To);
    }

    [Fact]
    public void Date_time_ranges_tell_a_negative_offset_from_the_range_hyphen()
    {
        var single = DicomDateTimeRange.Parse("20240101120000-0500");
        Assert.Equal(single.From, single.To);
        Assert.Equal(TimeSpan.FromHours(-5), single.From!.Value.Offset);

        var range = DicomDateTimeRange.Parse("20240101-0500-20240102");
        Assert.Equal(TimeSpan.FromHours(-5), range.From!.Value.Offset);
        Assert.Equal(new DateTime(2024, 1, 2, 23, 59, 59).AddTicks(9_999_990), range.To!.Value.Latest);

        var open = DicomDateTimeRange.Parse("202401-");
        Assert.Null(open.To);
        Assert.True(open.Contains(DicomDateTime.Parse("20240315")));
        Assert.False(open.Contains(DicomDateTime.Parse("20231231235959")));

        // With offsets on both sides the comparison is in UTC: 12:00-0500 is 17:00Z, after 16:00Z.
        var utc = DicomDateTimeRange.Parse("-20240101160000+0000");
        Assert.False(utc.Contains(DicomDateTime.Parse("20240101120000-0500")));
        Assert.True(utc.Contains(DicomDateTime.Parse("20240101100000-0500")));
    }

    [Fact]
    public void Data_set_accessors_read_typed_values()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.StudyDate, "20240229");
        dataset.AddOrUpdate(DicomTags.StudyTime, "071530.5");
        dataset.AddOrUpdate(DicomTags.AcquisitionDateTime, "20240229071530+0100");
        dataset.AddOrUpdate(DicomTags.SeriesDate, "20240101-20240131");

        Assert.Equal(new TimeOnly(7, 15, 30, 500), dataset.GetTime(DicomTags.StudyTime));
        Assert.Equal(new DateTime(2024, 2, 29, 7, 15, 30, 500), dataset.GetDateTime(DicomTags.StudyDate, DicomTags.StudyTime));
        Assert.Equal(new DateTime(2024, 2, 29, 7, 15, 30), dataset.GetDateTime(DicomTags.AcquisitionDateTime));
        Assert.Equal(TimeSpan.FromHours(1), dataset.GetDicomDateTime(DicomTags.AcquisitionDateTime)!.Value.Offset);
        Assert.Equal(new DateTime(2024, 2, 29), dataset.GetDateTime(DicomTags.StudyDate));
        Assert.Equal(new DicomDateRange(new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31)), dataset.GetDateRange(DicomTags.SeriesDate));
        Assert.Equal(new TimeOnly(7, 15, 30, 500), dataset.GetTimeRange(DicomTags.StudyTime)!.Value.From);
        Assert.Null(dataset.GetTime(DicomTags.SeriesTime));
        Assert.Null(dataset.GetDateRange(DicomTags.SeriesTime));
    }
}
