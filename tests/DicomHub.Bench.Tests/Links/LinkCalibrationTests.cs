using DicomHub.Bench.Links;

namespace DicomHub.Bench.Tests.Links;

public sealed class LinkCalibrationTests
{
    [Fact]
    public async Task Calibration_never_reports_more_than_the_line_rate_or_less_than_the_round_trip()
    {
        var profile = new LinkProfile("test", 50_000_000, TimeSpan.FromMilliseconds(4));

        var result = await LinkCalibration.MeasureAsync(profile, TimeSpan.FromSeconds(0.4), TestContext.Current.CancellationToken);

        // Lower bounds on time only: the rate can't beat the line (one 16 KiB segment of slack at the 20% mark).
        Assert.InRange(result.AchievedBitsPerSecond, 1, profile.RateBitsPerSecond * 1.01);
        Assert.True(result.MeasuredRoundTrip >= profile.RoundTrip, $"round trip {result.MeasuredRoundTrip} is shorter than the link's");
        Assert.Contains("test:", result.ToString(), StringComparison.Ordinal);
    }
}
