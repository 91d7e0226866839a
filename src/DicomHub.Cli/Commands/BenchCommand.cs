using System.CommandLine;
using DicomHub.Bench.Links;
using DicomHub.Bench.Reports;
using DicomHub.Bench.Runs;
using DicomHub.Cli.Bench;
using DicomHub.Cli.Generate;

namespace DicomHub.Cli.Commands;

/// <summary>`dicomhub bench`: the paper's Table I reproduced over emulated links (see docs/benchmark.md).</summary>
public sealed class BenchCommand : ICliCommand
{
    public Command Build()
    {
        var profiles = new Option<string>("--profiles") { Description = "Data sets, comma-separated: " + string.Join(", ", SyntheticProfiles.All.Select(p => p.Name)) + ".", DefaultValueFactory = _ => string.Join(',', SyntheticProfiles.All.Select(p => p.Name)) };
        var links = new Option<string>("--links") { Description = "Links, comma-separated: loopback (unshaped), lan100 (100 Mbit/s, 0.2 ms RTT), wan100 (100 Mbit/s, 40 ms RTT).", DefaultValueFactory = _ => "loopback,lan100,wan100" };
        var repeat = new Option<int>("--repeat") { Description = "Runs per cell; the median is reported with min and max.", DefaultValueFactory = _ => 3 };
        var output = new Option<string>("--out") { Description = "Folder for the results (runs.csv, cells.csv, results.md, results.txt, figure5-LINK.png) and the cached data sets.", DefaultValueFactory = _ => "bench-results" };
        var peers = new Option<bool>("--peers") { Description = "Also measure the peers, each as shipped and with env TCP_NODELAY=1: DCMTK storescu to storescp, and DicomHub's C-STORE and STOW-RS senders to Orthanc." };
        var cases = new Option<string?>("--cases", "--methods") { Description = "Only these case ids, comma-separated (default: all; unknown ids are listed in the error)." };
        var merge = new Option<string?>("--merge") { Description = "Measure nothing: report the runs saved in these earlier --out folders (comma-separated) as one table and chart, written to --out." };
        var noWarmUp = new Option<bool>("--no-warmup") { Description = "Skip the untimed warm-up export of every case (JIT, caches) before measuring." };
        var calibration = new Option<double>("--calibration-seconds") { Description = "Length of the raw TCP stream that calibrates each shaped link (longer averages out scheduler stalls of a busy machine).", DefaultValueFactory = _ => 5.0 };

        var command = new Command("bench", "Reproduce the paper's Table I: time C-STORE and STOW-RS exports of the Table I data sets over emulated links, check every run's integrity, and write CSV, Markdown and a Figure 5 chart.\n" + CliRunner.ExitCodeHelp)
        {
            profiles, links, repeat, output, peers, cases, calibration, noWarmUp, merge,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var writer = parse.InvocationConfiguration.Output;
            if (parse.GetValue(merge) is { } mergeFolders)
            {
                return await MergeAsync(Split(mergeFolders), Path.GetFullPath(parse.GetValue(output)!), writer, cancellationToken).ConfigureAwait(false);
            }

            var plan = BuildPlan(parse.GetValue(profiles)!, parse.GetValue(links)!, parse.GetValue(repeat), parse.GetValue(output)!, parse.GetValue(peers), parse.GetValue(cases), parse.GetValue(calibration)) with { WarmUp = !parse.GetValue(noWarmUp) };
            void Report(string line)
            {
                lock (writer)
                {
                    writer.WriteLine(line);
                }
            }

            Report($"load before the run: {SystemLoad.OneMinuteAverage()?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} (1-minute average, {Environment.ProcessorCount} cores)");
            var results = await new BenchRunner(new GeneratedDataSets(Report), Report).RunAsync(plan, cancellationToken).ConfigureAwait(false);
            var commandLine = "dicomhub " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
            var files = await BenchOutput.WriteAsync(results, plan.OutputDirectory, commandLine, cancellationToken).ConfigureAwait(false);
            await writer.WriteLineAsync().ConfigureAwait(false);
            await writer.WriteLineAsync(TableOneReport.ToText(results)).ConfigureAwait(false);
            await writer.WriteLineAsync($"load after the run: {SystemLoad.OneMinuteAverage()?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}").ConfigureAwait(false);
            await writer.WriteLineAsync($"results: {string.Join(", ", files.All.Select(Path.GetFileName))} in {plan.OutputDirectory}").ConfigureAwait(false);

            var failed = results.Measurements.Count(m => !m.IntegrityOk);
            var invalidLinks = results.Calibrations.Where(c => !c.IsValid).Select(c => c.Profile.Name).ToList();
            if (failed > 0 || invalidLinks.Count > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    (failed > 0 ? $"{failed} of {results.Measurements.Count} runs failed their integrity check (see results.md). " : string.Empty) +
                    (invalidLinks.Count > 0 ? $"Link calibration missed the nominal rate by more than 5% on {string.Join(", ", invalidLinks)}: those results are marked invalid; rerun on a quieter machine." : string.Empty)).ConfigureAwait(false);
                return CliRunner.Failure;
            }

            return CliRunner.Success;
        });
        return command;
    }

    private static async Task<int> MergeAsync(List<string> folders, string output, TextWriter writer, CancellationToken cancellationToken)
    {
        BenchResults results;
        try
        {
            results = await SavedResults.ReadAsync(folders, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException)
        {
            throw new CliException($"Cannot merge the saved runs: {e.Message}", CliRunner.UsageError, e);
        }

        var commandLine = "dicomhub " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
        var files = await BenchOutput.WriteAsync(results, output, commandLine, cancellationToken).ConfigureAwait(false);
        await writer.WriteLineAsync(TableOneReport.ToText(results)).ConfigureAwait(false);
        await writer.WriteLineAsync($"merged {results.Measurements.Count} runs from {folders.Count} folders: {string.Join(", ", files.All.Select(Path.GetFileName))} in {output}").ConfigureAwait(false);
        return results.Measurements.All(m => m.IntegrityOk) && results.Calibrations.All(c => c.IsValid) ? CliRunner.Success : CliRunner.Failure;
    }

    internal static BenchPlan BuildPlan(string profiles, string links, int repeat, string output, bool peers, string? caseFilter, double calibrationSeconds)
    {
        if (repeat < 1)
        {
            throw new CliException("--repeat must be at least 1.", CliRunner.UsageError);
        }

        var profileNames = Split(profiles);
        foreach (var name in profileNames)
        {
            if (SyntheticProfiles.Find(name) is null)
            {
                throw new CliException($"Unknown profile '{name}': use {string.Join(", ", SyntheticProfiles.All.Select(p => p.Name))}.", CliRunner.UsageError);
            }
        }

        List<LinkProfile> linkProfiles;
        try
        {
            linkProfiles = [.. Split(links).Select(LinkProfile.Parse)];
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message, CliRunner.UsageError, e);
        }

        var allCases = BenchCaseCatalog.Build(peers);
        var chosen = allCases;
        if (caseFilter is not null)
        {
            var wanted = Split(caseFilter);
            var unknown = wanted.Where(w => allCases.All(c => c.Id != w)).ToList();
            if (unknown.Count > 0)
            {
                throw new CliException($"Unknown case {string.Join(", ", unknown)}: known cases are {string.Join(", ", allCases.Select(c => c.Id))}{(peers ? string.Empty : " (peer cases need --peers)")}.", CliRunner.UsageError);
            }

            chosen = [.. allCases.Where(c => wanted.Contains(c.Id))];
        }

        if (chosen.Count == 0)
        {
            throw new CliException("Nothing to measure: no case is available in this build (use --peers for the DCMTK reference).", CliRunner.UsageError);
        }

        return new BenchPlan(profileNames, linkProfiles, chosen, repeat, Path.GetFullPath(output))
        {
            CalibrationDuration = TimeSpan.FromSeconds(Math.Max(0.2, calibrationSeconds)),
        };
    }

    private static List<string> Split(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
