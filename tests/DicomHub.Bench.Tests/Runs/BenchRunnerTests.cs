using DicomHub.Bench.Links;
using DicomHub.Bench.Reports;
using DicomHub.Bench.Runs;
using DicomHub.Testing;

namespace DicomHub.Bench.Tests.Runs;

public sealed class BenchRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Runs_every_case_on_every_link_with_a_fresh_archive_and_writes_the_reports()
    {
        using var output = new TempDirectory("bench");
        var archives = new FakeArchiveFactory();
        var link = new LinkProfile("fast", 200_000_000, TimeSpan.FromMilliseconds(2));
        var plan = new BenchPlan(["cr1", "ct38c"], [LinkProfile.Loopback, link], [new BenchCase(new FakeMethod("fake-w1"), archives)], 2, output.Path)
        {
            CalibrationDuration = TimeSpan.FromSeconds(0.2),
        };
        var log = new List<string>();

        var results = await new BenchRunner(new FakeDataSets(), log.Add).RunAsync(plan, Ct);

        Assert.Equal(2 * 2 * 2, results.Measurements.Count);
        Assert.All(results.Measurements, m => Assert.True(m.IntegrityOk, m.Error));
        Assert.All(results.Measurements, m => Assert.InRange(m.Repetition, 1, 2));

        // One untimed warm-up export (not recorded) plus a fresh archive for each of the 8 runs.
        Assert.Equal(9, archives.Started);
        Assert.Single(log, line => line.StartsWith("warm-up fake-w1", StringComparison.Ordinal));
        Assert.Single(results.Calibrations);
        var shaped = results.Measurements.Where(m => m.Link == "fast").ToList();
        Assert.All(shaped, m => Assert.True(m.Seconds >= m.Bytes * 8.0 / link.RateBitsPerSecond, "faster than the emulated link allows"));
        Assert.Contains(log, line => line.StartsWith("calibration fast", StringComparison.Ordinal));

        var files = await BenchOutput.WriteAsync(results, output.Path, "dicomhub bench --test", Ct);
        Assert.All(files.All, f => Assert.True(new FileInfo(f).Length > 0, $"{f} is missing or empty"));
        Assert.Equal(2, files.Charts.Count);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(files.Charts[0], Ct))[..4]);
        var text = await File.ReadAllTextAsync(files.Text, Ct);
        Assert.Contains("paper STOW", text, StringComparison.Ordinal);
        Assert.Contains("3243", text, StringComparison.Ordinal);
        var runsCsv = await File.ReadAllLinesAsync(files.RunsCsv, Ct);
        Assert.Equal(9, runsCsv.Length);
        Assert.Contains("tcp_nodelay,max_pdu,window,parallelism", runsCsv[0], StringComparison.Ordinal);
        Assert.Contains(",load_1min,", runsCsv[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repetitions_are_interleaved_across_cases_and_the_warm_up_can_be_skipped()
    {
        using var output = new TempDirectory("bench");
        var archives = new FakeArchiveFactory();
        var plan = new BenchPlan(["cr1"], [LinkProfile.Loopback], [new BenchCase(new FakeMethod("a"), archives), new BenchCase(new FakeMethod("b"), archives)], 2, output.Path)
        {
            WarmUp = false,
        };

        var results = await new BenchRunner(new FakeDataSets(), _ => { }).RunAsync(plan, Ct);

        Assert.Equal(["a#1", "b#1", "a#2", "b#2"], results.Measurements.Select(m => $"{m.CaseId}#{m.Repetition}"));
        Assert.Equal(4, archives.Started);
    }

    [Fact]
    public void The_load_average_is_read_on_linux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("/proc/loadavg exists on Linux only.");
        }

        Assert.True(SystemLoad.OneMinuteAverage() is >= 0);
    }

    [Fact]
    public async Task A_run_whose_archive_holds_different_bytes_fails_its_integrity_check()
    {
        using var output = new TempDirectory("bench");
        var plan = new BenchPlan(["cr1"], [LinkProfile.Loopback], [new BenchCase(new FakeMethod("corrupt", corrupt: true), new FakeArchiveFactory())], 1, output.Path);

        var results = await new BenchRunner(new FakeDataSets(), _ => { }).RunAsync(plan, Ct);

        var run = Assert.Single(results.Measurements);
        Assert.False(run.IntegrityOk);
        Assert.Contains("differ", run.Error, StringComparison.Ordinal);
        var cell = Assert.Single(BenchSummary.Summarise(results.Measurements));
        Assert.Null(cell.MedianSeconds);
        Assert.Contains("FAILED", TableOneReport.ToText(results), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_names_what_is_missing()
    {
        var expected = new ArchiveInventory(3, new string('a', 64));
        var dataSet = new BenchDataSet("x", "x", "/x", ["a", "b", "c"], 3, expected);

        Assert.Null(BenchRunner.Verify(dataSet, new ExportOutcome(3, 0), expected));
        Assert.Contains("2 of 3 stored", BenchRunner.Verify(dataSet, new ExportOutcome(2, 1, "refused"), expected), StringComparison.Ordinal);
        Assert.Contains("holds 2 objects, 3 were sent", BenchRunner.Verify(dataSet, new ExportOutcome(3, 0), expected with { Count = 2 }), StringComparison.Ordinal);
    }

    [Fact]
    public void The_warm_up_sends_at_most_16_MB_but_at_least_one_object()
    {
        var inventory = new ArchiveInventory(1000, new string('a', 64));
        var large = new BenchDataSet("ct1000", "x", "/x", [.. Enumerable.Range(0, 1000).Select(i => $"f{i}")], 525_000_000, inventory);
        var huge = large with { Files = ["one"], TotalBytes = 40_000_000 };

        Assert.Equal(30, BenchRunner.WarmUpSubset(large).ObjectCount);
        Assert.Equal(["f0", "f1"], BenchRunner.WarmUpSubset(large).Files.Take(2));
        Assert.Single(BenchRunner.WarmUpSubset(huge).Files);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(2.5, BenchSummary.Median([1, 2, 3, 4]));
        Assert.Equal(2, BenchSummary.Median([1, 2, 9]));
        Assert.Null(BenchSummary.Median([]));
    }
}
