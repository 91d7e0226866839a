using System.Globalization;
using DicomHub.Bench.Runs;
using ScottPlot;

namespace DicomHub.Bench.Reports;

/// <summary>
/// A chart like the paper's Figure 5: for each data set, the export time of each method (bars, log scale),
/// with the paper's two figures first in each group. One PNG per link.
/// </summary>
public static class FigureFiveChart
{
    private const int Width = 1400;
    private const int Height = 860;

    /// <summary>Writes figure5-LINK.png for each link and returns the paths.</summary>
    public static IReadOnlyList<string> Write(BenchResults results, string outputDirectory)
    {
        var cells = BenchSummary.Summarise(results.Measurements);
        var paths = new List<string>();
        foreach (var link in cells.Select(c => c.Link).Distinct())
        {
            var path = Path.Combine(outputDirectory, $"figure5-{link}.png");
            Render(cells.Where(c => c.Link == link).ToList(), link).SavePng(path, Width, Height);
            paths.Add(path);
        }

        return paths;
    }

    private static Plot Render(IReadOnlyList<BenchCell> cells, string link)
    {
        var profiles = cells.Select(c => c.Profile).Distinct().ToList();
        var series = new List<(string Name, Func<string, double?> Seconds)>
        {
            ("paper STOW-RS", p => PaperTable1.Find(p)?.StowMilliseconds / 1000),
            ("paper C-STORE", p => PaperTable1.Find(p)?.CStoreMilliseconds / 1000),
        };
        foreach (var caseId in cells.Select(c => c.CaseId).Distinct())
        {
            series.Add((caseId, p => cells.FirstOrDefault(c => c.Profile == p && c.CaseId == caseId)?.MedianSeconds));
        }

        var all = profiles.SelectMany(p => series.Select(s => s.Seconds(p))).OfType<double>().Where(v => v > 0).ToList();
        var floor = Math.Floor(Math.Log10(all.Count > 0 ? all.Min() : 0.001));
        // One decade of headroom above the tallest bar: the legend sits there instead of over the bars.
        var ceiling = Math.Ceiling(Math.Log10(all.Count > 0 ? all.Max() : 1)) + 1;
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        var groupWidth = series.Count + 1.5;
        var bars = new List<Bar>();
        for (var p = 0; p < profiles.Count; p++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                if (series[s].Seconds(profiles[p]) is { } seconds && seconds > 0)
                {
                    bars.Add(new Bar
                    {
                        Position = (p * groupWidth) + s,
                        Value = Math.Log10(seconds),
                        ValueBase = floor,
                        FillColor = palette.GetColor(s),
                        LineWidth = 0,
                    });
                }
            }
        }

        plot.Add.Bars(bars);

        // The physical limit of each data set on a shaped link (bytes / rate): no method can be faster.
        var limited = false;
        for (var p = 0; p < profiles.Count; p++)
        {
            if (cells.First(c => c.Profile == profiles[p]).PhysicalLimitSeconds is { } limit && limit > 0)
            {
                var y = Math.Log10(limit);
                var line = plot.Add.Line((p * groupWidth) - 0.6, y, (p * groupWidth) + series.Count - 0.4, y);
                line.LineColor = Colors.Black;
                line.LineWidth = 2;
                line.LinePattern = LinePattern.Dashed;
                limited = true;
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            profiles.Select((_, p) => (p * groupWidth) + ((series.Count - 1) / 2.0)).ToArray(),
            profiles.Select(p => $"{p} ({cells.First(c => c.Profile == p).Objects} obj)").ToArray());
        var decades = Enumerable.Range((int)floor, (int)(ceiling - floor) + 1).Select(e => (double)e).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(decades,
            decades.Select(e => Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture) + " s").ToArray());
        plot.Axes.SetLimitsY(floor, ceiling);
        plot.Axes.Left.Label.Text = "export time (log scale)";
        plot.Title($"Export time per data set over {link}: the paper's Table I beside DicomHub (median)");
        for (var s = 0; s < series.Count; s++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = palette.GetColor(s) });
        }

        if (limited)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "link limit (bytes / rate)", LineColor = Colors.Black, LineWidth = 2, LinePattern = LinePattern.Dashed });
        }

        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        return plot;
    }
}
