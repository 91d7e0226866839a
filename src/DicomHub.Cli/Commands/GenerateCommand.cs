using System.CommandLine;
using System.Globalization;
using DicomHub.Cli.Generate;
using DicomHub.Dicom.Data;
using Spectre.Console;

namespace DicomHub.Cli.Commands;

/// <summary>`dicomhub generate`: writes a synthetic data set of the paper's Table I (see Generate/).</summary>
public sealed class GenerateCommand : ICliCommand
{
    public Command Build()
    {
        var profiles = string.Join(", ", SyntheticProfiles.All.Select(p => $"{p.Name} ({p.Description})"));
        var profile = new Option<string>("--profile", "-p") { Description = $"The data set to make: {profiles}.", Required = true };
        profile.AcceptOnlyFromAmong([.. SyntheticProfiles.All.Select(p => p.Name)]);
        var output = new Option<string>("--out", "-o") { Description = "The folder to write DIR/study-N/series-M/IMxxxx.dcm into.", Required = true };
        var seed = new Option<string?>("--seed") { Description = "Fixes UIDs, names, dates and pixels: the same seed writes the same bytes. Random when absent." };
        var limit = new Option<int?>("--limit") { Description = "Write only the first N instances of the profile (for quick tests)." };
        var syntax = new Option<string?>("--transfer-syntax", "-t") { Description = "Encode in this transfer syntax (UID or name) instead of the profile's: native ones or RLELossless, JPEGLosslessSV1." };

        var command = new Command("generate", "Write a synthetic, valid, realistic DICOM data set reproducing the paper's Table I.\n" + CliRunner.ExitCodeHelp)
        {
            profile, output, seed, limit, syntax,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = SyntheticProfiles.Find(parse.GetRequiredValue(profile))!;
            var max = parse.GetValue(limit);
            if (max is <= 0)
            {
                throw new CliException("--limit must be a positive number of instances.", CliRunner.UsageError);
            }

            TransferSyntax? target = null;
            if (parse.GetValue(syntax) is { } requested)
            {
                target = TransferSyntaxArgument.Parse(requested);
                if (target.IsBigEndian || target.IsDeflated || !target.IsExplicitVR)
                {
                    throw new CliException($"generate writes Explicit VR Little Endian or a compressed syntax, not {target.Name}; use 'dicomhub convert' afterwards.", CliRunner.UsageError);
                }
            }

            var options = new GenerationOptions(parse.GetValue(seed), max, TransferSyntax: target);
            var writer = parse.InvocationConfiguration.Output;
            var result = await RunAsync(chosen, parse.GetRequiredValue(output), options, writer, cancellationToken).ConfigureAwait(false);
            var megabytes = result.Bytes / 1e6;
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{chosen.Name}: {result.Files} files, {megabytes:0.0} MB in {result.Elapsed.TotalSeconds:0.00} s ({megabytes / Math.Max(result.Elapsed.TotalSeconds, 1e-3):0} MB/s), seed {result.Seed}, transfer syntax {result.TransferSyntaxUid}")).ConfigureAwait(false);
            var wanted = target ?? chosen.TransferSyntax;
            if (result.TransferSyntaxUid != wanted.Uid)
            {
                await writer.WriteLineAsync($"note: {wanted.Name} encoding is not available in this build; files are uncompressed.").ConfigureAwait(false);
            }

            return CliRunner.Success;
        });
        return command;
    }

    private static async Task<GenerationResult> RunAsync(SyntheticProfile profile, string directory, GenerationOptions options, TextWriter writer, CancellationToken cancellationToken)
    {
        var total = GenerationPlan.Enumerate(profile, options.Limit).Count();
        try
        {
            // A progress bar only on a real terminal; redirected output and in-process tests get the summary alone.
            if (!ReferenceEquals(writer, Console.Out) || Console.IsOutputRedirected)
            {
                return await SyntheticDataGenerator.GenerateAsync(profile, directory, options, null, cancellationToken).ConfigureAwait(false);
            }

            return await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"{profile.Name} ({total} files)", maxValue: total);
                    var progress = new ProgressReporter(task);
                    return await SyntheticDataGenerator.GenerateAsync(profile, directory, options, progress, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException($"cannot write into '{directory}': {e.Message} Choose a folder you can write to with --out.", CliRunner.Failure, e);
        }
        catch (IOException e)
        {
            throw new CliException($"writing into '{directory}' failed: {e.Message}", CliRunner.Failure, e);
        }
    }

    /// <summary>Reports completed files to the bar (called from several threads; ProgressTask locks).</summary>
    private sealed class ProgressReporter(ProgressTask task) : IProgress<int>
    {
        public void Report(int value) => task.Increment(1);
    }
}
