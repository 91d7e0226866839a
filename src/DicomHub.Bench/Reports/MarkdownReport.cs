using System.Globalization;
using System.Text;
using DicomHub.Bench.Runs;

namespace DicomHub.Bench.Reports;

/// <summary>results.md: the command, the link calibrations, Table I side by side, and every cell with its conditions.</summary>
public static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Build(BenchResults results, string commandLine, DateTimeOffset when)
    {
        var md = new StringBuilder();
        md.AppendLine("# DicomHub benchmark results").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{commandLine}`, {when:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}.").AppendLine();
        var loadAverages = results.Measurements.Where(m => m.LoadAverage is not null).Select(m => m.LoadAverage!.Value).ToList();
        if (loadAverages.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Machine load (1-minute load average at the start of each run): median {BenchSummary.Median([.. loadAverages.Order()]):0.0}, min {loadAverages.Min():0.0}, max {loadAverages.Max():0.0} on {Environment.ProcessorCount} cores; column `load` below, `load_1min` in runs.csv.").AppendLine();
        }

        if (results.Calibrations.Count > 0)
        {
            md.AppendLine("## Link calibration (raw TCP stream through the emulator)").AppendLine();
            foreach (var calibration in results.Calibrations)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {calibration}");
            }

            md.AppendLine();
        }

        var failures = results.Measurements.Where(m => !m.IntegrityOk).ToList();
        md.AppendLine(failures.Count == 0
            ? "Integrity: every run's archive held exactly the objects sent (count and checksum)."
            : $"Integrity: {failures.Count} of {results.Measurements.Count} runs FAILED their check; they are excluded from the medians (see the last column below).").AppendLine();

        md.AppendLine("## Table I, reproduced").AppendLine();
        md.AppendLine(TableOneReport.ToMarkdown(results));
        md.AppendLine("## Every cell").AppendLine();
        md.AppendLine("| profile | link | case | archive | protocol | TCP_NODELAY | max PDU | window | parallel | runs | median s | min s | max s | limit s | share of link | Mbit/s | load | error |");
        md.AppendLine("|---|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var c in BenchSummary.Summarise(results.Measurements))
        {
            var s = c.Settings;
            var loads = results.Measurements.Where(m => m.Profile == c.Profile && m.Link == c.Link && m.CaseId == c.CaseId && m.LoadAverage is not null).Select(m => m.LoadAverage!.Value).ToList();
            var load = loads.Count == 0 ? "-" : loads.Min().ToString("0.0", Invariant) + (loads.Count > 1 ? "-" + loads.Max().ToString("0.0", Invariant) : string.Empty);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Profile} | {c.Link} | {c.CaseId} | {c.Archive} | {s.Protocol} | {s.NoDelay} | {s.MaxPduBytes?.ToString(Invariant) ?? "-"} | {s.Window} | {s.Parallelism} | " +
                $"{c.Runs - c.Failed}/{c.Runs} | {F(c.MedianSeconds, "0.000")} | {F(c.MinSeconds, "0.000")} | {F(c.MaxSeconds, "0.000")} | {F(c.PhysicalLimitSeconds, "0.000")} | " +
                $"{(c.ShareOfLink is { } share ? share.ToString("P0", Invariant) : "-")} | {F(c.PayloadMegabitsPerSecond, "0.0")} | {load} | {c.FirstError?.Replace("|", "/", StringComparison.Ordinal) ?? string.Empty} |");
        }

        return md.ToString();
    }

    private static string F(double? value, string format) => value?.ToString(format, Invariant) ?? "-";
}
