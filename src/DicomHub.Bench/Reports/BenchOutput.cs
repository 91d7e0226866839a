using DicomHub.Bench.Runs;

namespace DicomHub.Bench.Reports;

/// <summary>The files a run leaves in its output folder.</summary>
public sealed record BenchOutputFiles(string RunsCsv, string CellsCsv, string Markdown, string Text, IReadOnlyList<string> Charts)
{
    public IEnumerable<string> All => [RunsCsv, CellsCsv, Markdown, Text, .. Charts];
}

/// <summary>Writes runs.csv, cells.csv, results.md, results.txt and figure5-LINK.png into the output folder.</summary>
public static class BenchOutput
{
    public static async Task<BenchOutputFiles> WriteAsync(BenchResults results, string outputDirectory, string commandLine, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(outputDirectory);
        var files = new BenchOutputFiles(
            Path.Combine(outputDirectory, "runs.csv"),
            Path.Combine(outputDirectory, "cells.csv"),
            Path.Combine(outputDirectory, "results.md"),
            Path.Combine(outputDirectory, "results.txt"),
            FigureFiveChart.Write(results, outputDirectory));
        await File.WriteAllTextAsync(files.RunsCsv, CsvReport.Runs(results.Measurements), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(files.CellsCsv, CsvReport.Cells(BenchSummary.Summarise(results.Measurements)), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(files.Markdown, MarkdownReport.Build(results, commandLine, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(files.Text, TableOneReport.ToText(results), cancellationToken).ConfigureAwait(false);
        return files;
    }
}
