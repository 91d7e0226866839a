using System.Globalization;
using System.Text;
using DicomHub.Bench.Runs;

namespace DicomHub.Bench.Reports;

/// <summary>
/// The results shaped like the paper's Table I: one table per link, a row per data set, the paper's STOW and
/// C-STORE figures beside the median of each of our cases (milliseconds, as the paper prints them).
/// </summary>
public static class TableOneReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Plain text for the terminal.</summary>
    public static string ToText(BenchResults results)
    {
        var text = new StringBuilder();
        foreach (var table in Tables(results))
        {
            text.AppendLine(table.Title);
            var widths = table.Header.Select((h, i) => Math.Max(h.Length, table.Rows.Max(r => r[i].Length))).ToArray();
            text.AppendLine(string.Join("  ", table.Header.Select((h, i) => i < 2 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))));
            foreach (var row in table.Rows)
            {
                text.AppendLine(string.Join("  ", row.Select((c, i) => i < 2 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
            }

            text.AppendLine();
        }

        text.AppendLine("Legend: " + string.Join("; ", Legend(results)));
        text.AppendLine("Paper: " + PaperTable1.Citation);
        return text.ToString();
    }

    /// <summary>Markdown tables (one per link) for results.md and docs.</summary>
    public static string ToMarkdown(BenchResults results)
    {
        var text = new StringBuilder();
        foreach (var table in Tables(results))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"#### {table.Title}").AppendLine();
            text.AppendLine("| " + string.Join(" | ", table.Header) + " |");
            text.AppendLine("|" + string.Join("|", table.Header.Select((_, i) => i < 2 ? "---" : "---:")) + "|");
            foreach (var row in table.Rows)
            {
                text.AppendLine("| " + string.Join(" | ", row) + " |");
            }

            text.AppendLine();
        }

        text.AppendLine("Columns: " + string.Join("; ", Legend(results)) + ".").AppendLine();
        text.AppendLine("Paper: " + PaperTable1.Citation + ".");
        return text.ToString();
    }

    private static IEnumerable<string> Legend(BenchResults results)
    {
        var cells = BenchSummary.Summarise(results.Measurements);
        return cells.DistinctBy(c => c.CaseId).Select(c => $"{c.CaseId} = {c.Method}" + (c.Archive == "dicomhub" ? string.Empty : $" to {c.Archive}"));
    }

    private static IEnumerable<Table> Tables(BenchResults results)
    {
        var cells = BenchSummary.Summarise(results.Measurements);
        var caseIds = cells.Select(c => c.CaseId).Distinct().ToList();
        foreach (var link in cells.Select(c => c.Link).Distinct())
        {
            var linkCells = cells.Where(c => c.Link == link).ToList();
            var first = linkCells[0];
            var calibration = results.Calibrations.FirstOrDefault(c => c.Profile.Name == link);
            var title = first.LinkRateBitsPerSecond > 0
                ? string.Create(Invariant, $"{link}: {first.LinkRateBitsPerSecond / 1e6:0} Mbit/s, {first.RoundTripMilliseconds:0.###} ms RTT, window {calibration?.Profile.WindowBytes / 1024} KiB; " +
                    $"calibrated {calibration?.AchievedBitsPerSecond / 1e6:0.0} Mbit/s{(first.LinkValid ? string.Empty : " - INVALID")}; median ms (min-max)")
                : $"{link}: unshaped; median ms (min-max)";
            var header = new List<string> { "Modality", "Profile", "Objects", "MB" };
            if (first.LinkRateBitsPerSecond > 0)
            {
                header.Add("limit ms");
            }

            header.AddRange(["paper STOW", "paper C-STORE"]);
            header.AddRange(caseIds);
            var rows = new List<string[]>();
            foreach (var profile in linkCells.Select(c => c.Profile).Distinct())
            {
                var profileCells = linkCells.Where(c => c.Profile == profile).ToList();
                var paper = PaperTable1.Find(profile);
                var row = new List<string>
                {
                    paper?.Modality ?? "?", profile, profileCells[0].Objects.ToString(Invariant), (profileCells[0].Bytes / 1e6).ToString("0.0", Invariant),
                };
                if (profileCells[0].PhysicalLimitSeconds is { } limit)
                {
                    row.Add((limit * 1000).ToString("0", Invariant));
                }

                row.Add(paper is null ? "-" : paper.StowMilliseconds.ToString("0", Invariant));
                row.Add(paper is null ? "-" : paper.CStoreMilliseconds.ToString("0", Invariant));
                foreach (var caseId in caseIds)
                {
                    row.Add(FormatCell(profileCells.FirstOrDefault(c => c.CaseId == caseId)));
                }

                rows.Add([.. row]);
            }

            yield return new Table(title, [.. header], rows);
        }
    }

    private static string FormatCell(BenchCell? cell)
    {
        if (cell is null)
        {
            return "-";
        }

        if (cell.MedianSeconds is not { } median)
        {
            return "FAILED";
        }

        var text = string.Create(Invariant, $"{median * 1000:0} ({cell.MinSeconds * 1000:0}-{cell.MaxSeconds * 1000:0})");
        return cell.Failed > 0 ? $"{text} {cell.Failed} failed" : text;
    }

    private sealed record Table(string Title, string[] Header, List<string[]> Rows);
}
