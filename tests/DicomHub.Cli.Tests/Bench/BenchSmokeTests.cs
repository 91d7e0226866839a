using DicomHub.Cli.Bench;
using DicomHub.Testing;

namespace DicomHub.Cli.Tests.Bench;

/// <summary>
/// Small end-to-end runs of `dicomhub bench`: real data sets, real receivers, integrity checked, every output
/// file written. Timings are not asserted (the machine is shared); the full run is not part of the suite.
/// </summary>
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task Smoke_run_of_the_dicomhub_methods_on_loopback_passes_its_integrity_checks()
    {
        if (BenchCaseCatalog.Build(peers: false).Count == 0)
        {
            Assert.Skip("No DicomHub export method is wired into the benchmark in this build yet.");
        }

        using var output = new TempDirectory("bench-smoke");
        var run = await CliHarness.RunAsync("bench", "--profiles", "cr1,ct38c", "--links", "loopback", "--repeat", "1", "--out", output.Path);

        AssertCompleteRun(run, output.Path, ["loopback"]);

        // The saved run can be reported again, alone or with others.
        using var merged = new TempDirectory("bench-merged");
        var merge = await CliHarness.RunAsync("bench", "--merge", output.Path, "--out", merged.Path);
        Assert.True(merge.ExitCode == 0, merge.ToString());
        Assert.Equal(File.ReadAllText(Path.Combine(output.Path, "runs.csv")), File.ReadAllText(Path.Combine(merged.Path, "runs.csv")));
    }

    [Fact]
    public async Task Smoke_run_of_dcmtk_storescu_to_storescp_through_an_emulated_link()
    {
        Peers.Require("storescu", "dcmtk");
        Peers.Require("storescp", "dcmtk");
        using var output = new TempDirectory("bench-smoke");

        var run = await CliHarness.RunAsync("bench", "--profiles", "ct38c", "--links", "loopback,lan100", "--repeat", "1", "--peers",
            "--cases", "storescu-nodelay", "--calibration-seconds", "0.5", "--out", output.Path);

        // A calibration that misses 5% on a loaded machine exits 1 by design; the runs themselves must pass.
        Assert.True(run.ExitCode == 0 || run.Error.Contains("calibration missed", StringComparison.Ordinal), run.ToString());
        AssertCompleteRun(run, output.Path, ["loopback", "lan100"], allowInvalidLink: true);
    }

    [Fact]
    public async Task Smoke_run_of_dicomhub_send_to_orthanc_by_both_protocols()
    {
        Peers.Require("Orthanc", "orthanc");
        using var output = new TempDirectory("bench-smoke");

        var run = await CliHarness.RunAsync("bench", "--profiles", "ct38c", "--links", "loopback", "--repeat", "1", "--peers",
            "--methods", "orthanc-cstore-nodelay,orthanc-stow", "--no-warmup", "--out", output.Path);

        AssertCompleteRun(run, output.Path, ["loopback"]);
        var cells = File.ReadAllText(Path.Combine(output.Path, "cells.csv"));
        Assert.Contains("orthanc (env TCP_NODELAY=1)", cells, StringComparison.Ordinal);
        Assert.Contains("orthanc (as shipped)", cells, StringComparison.Ordinal);
    }

    private static void AssertCompleteRun(CliRun run, string folder, string[] links, bool allowInvalidLink = false)
    {
        if (!allowInvalidLink)
        {
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        foreach (var file in new[] { "runs.csv", "cells.csv", "results.md", "results.txt" }.Concat(links.Select(l => $"figure5-{l}.png")))
        {
            Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 0, $"{file} is missing or empty\n{run}");
        }

        // The last two columns are integrity_ok and error (empty when the run passed).
        var rows = File.ReadAllLines(Path.Combine(folder, "runs.csv"));
        Assert.EndsWith(",integrity_ok,error", rows[0], StringComparison.Ordinal);
        Assert.True(rows.Length > 1, "no run was recorded");
        Assert.All(rows.Skip(1), row => Assert.EndsWith(",true,", row, StringComparison.Ordinal));
        Assert.Contains("paper C-STORE", run.Output, StringComparison.Ordinal);
    }
}
