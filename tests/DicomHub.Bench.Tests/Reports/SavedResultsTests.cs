using DicomHub.Bench.Links;
using DicomHub.Bench.Reports;
using DicomHub.Bench.Runs;
using DicomHub.Testing;

namespace DicomHub.Bench.Tests.Reports;

public sealed class SavedResultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Saved_runs_read_back_with_their_conditions_and_two_folders_merge_into_one_table()
    {
        using var first = new TempDirectory("bench-a");
        using var second = new TempDirectory("bench-b");
        var calibration = new LinkCalibrationResult(LinkProfile.Wan100, 99.5e6, TimeSpan.FromMilliseconds(41.2), 1);
        await BenchOutput.WriteAsync(new BenchResults([calibration], [Measurement("cr1", "cstore-w1", 1.5, "on", error: null)]), first.Path, "test", Ct);
        await BenchOutput.WriteAsync(new BenchResults([], [Measurement("mr630", "stow-1req", 7.25, "sender on; Orthanc as shipped", error: "HTTP 500, \"boom\"")]), second.Path, "test", Ct);

        var merged = await SavedResults.ReadAsync([first.Path, second.Path], Ct);

        Assert.Equal(["cr1", "mr630"], merged.Measurements.Select(m => m.Profile));
        var stow = merged.Measurements[1];
        Assert.Equal(7.25, stow.Seconds);
        Assert.Equal("sender on; Orthanc as shipped", stow.Settings.NoDelay);
        Assert.Equal("HTTP 500, \"boom\"", stow.Error);
        Assert.False(stow.IntegrityOk);
        Assert.Equal(2.5, stow.LoadAverage);
        Assert.Equal(65536, merged.Measurements[0].Settings.MaxPduBytes);
        var readCalibration = Assert.Single(merged.Calibrations);
        Assert.Equal("wan100", readCalibration.Profile.Name);
        Assert.Equal(99.5e6, readCalibration.AchievedBitsPerSecond, 1);
        Assert.Equal(41.2, readCalibration.MeasuredRoundTrip.TotalMilliseconds, 3);
        Assert.Contains("mr630", TableOneReport.ToText(merged), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_without_runs_csv_is_named_in_the_error()
    {
        using var empty = new TempDirectory("bench-empty");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => SavedResults.ReadAsync([empty.Path], Ct));

        Assert.Contains("runs.csv", error.Message, StringComparison.Ordinal);
    }

    private static BenchMeasurement Measurement(string profile, string caseId, double seconds, string noDelay, string? error) => new()
    {
        Profile = profile,
        Objects = 3,
        Bytes = 1_000_000,
        Link = "wan100",
        LinkRateBitsPerSecond = 100_000_000,
        RoundTripMilliseconds = 40,
        LinkValid = true,
        CaseId = caseId,
        Method = "a method, with a comma",
        Archive = "dicomhub",
        Settings = new MethodSettings(caseId.StartsWith("stow", StringComparison.Ordinal) ? "STOW-RS" : "C-STORE", 1, 1, noDelay, caseId.StartsWith("stow", StringComparison.Ordinal) ? null : 65536),
        Repetition = 1,
        Seconds = seconds,
        IntegrityOk = error is null,
        Error = error,
        LoadAverage = 2.5,
    };
}
