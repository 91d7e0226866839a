using System.Diagnostics;
using System.Globalization;
using DicomHub.Network;
using DicomHub.Network.Association;
using DicomHub.Network.Scu;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace DicomHub.Cli.Export;

/// <summary>Settings of a C-STORE export (`send --to dicom://...`).</summary>
public sealed record DimseExportOptions(DicomNodeUri Destination, string CallingAeTitle, ushort AsyncWindow, int Associations, DicomNetworkOptions Network);

/// <summary>
/// Sends files to a DIMSE peer with C-STORE: reads each file's meta (non-DICOM files are reported and
/// skipped), streams the data sets over K associations with an async window of N, shows progress, and
/// prints a summary with every failure's status and reason.
/// </summary>
public sealed class DimseExporter(DimseExportOptions options)
{
    public async Task<int> ExportAsync(IReadOnlyList<string> files, TextWriter output, CancellationToken cancellationToken)
    {
        var items = new List<DicomStoreItem>();
        var skipped = new List<string>();
        foreach (var file in files)
        {
            if (await DicomStoreItem.FromFileAsync(file, cancellationToken).ConfigureAwait(false) is { } item)
            {
                items.Add(item);
            }
            else
            {
                skipped.Add(file);
            }
        }

        foreach (var file in skipped)
        {
            await output.WriteLineAsync($"skipped (not a DICOM Part 10 file): {file}").ConfigureAwait(false);
        }

        if (items.Count == 0)
        {
            throw new CliException($"nothing to send: none of the {files.Count} file(s) is a DICOM Part 10 file.", CliRunner.NotDicom);
        }

        var client = new DicomClientOptions { CallingAeTitle = options.CallingAeTitle, AsyncOperationsWindow = options.AsyncWindow, Network = options.Network };
        await using var services = CliServices.Create();
        var sender = new DicomStoreSender(options.Destination, client, options.Associations, services.GetRequiredService<IDatasetTranscoder>());
        var clock = Stopwatch.StartNew();
        var results = await SendWithProgressAsync(sender, items, output, cancellationToken).ConfigureAwait(false);
        clock.Stop();
        await PrintSummaryAsync(results, skipped.Count, clock.Elapsed, output).ConfigureAwait(false);
        return results.Any(r => r.IsFailure) ? CliRunner.Failure : CliRunner.Success;
    }

    private static async Task<IReadOnlyList<CStoreResult>> SendWithProgressAsync(DicomStoreSender sender, IReadOnlyList<DicomStoreItem> items, TextWriter output, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            return await sender.SendAsync(items, null, cancellationToken).ConfigureAwait(false);
        }

        var totalMegabytes = items.Sum(i => i.DatasetLength) / 1e6;
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"sending {items.Count} objects", maxValue: items.Count);
                var clock = Stopwatch.StartNew();
                var progress = new Progress<StoreProgress>(p =>
                {
                    var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
                    var megabytes = p.BytesSent / 1e6;
                    task.Value = p.Completed;
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"{p.Completed}/{p.Total} objects, {megabytes:0.0}/{totalMegabytes:0.0} MB, {p.Completed / seconds:0.0} obj/s, {megabytes / seconds:0.0} MB/s");
                });
                return await sender.SendAsync(items, progress, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private static async Task PrintSummaryAsync(IReadOnlyList<CStoreResult> results, int skipped, TimeSpan elapsed, TextWriter output)
    {
        var sent = results.Count(r => r.IsSuccess);
        var warnings = results.Where(r => r.IsWarning).ToList();
        var failed = results.Where(r => r.IsFailure).ToList();
        var megabytes = results.Where(r => !r.IsFailure).Sum(r => r.Item.DatasetLength) / 1e6;
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        foreach (var warning in warnings)
        {
            await output.WriteLineAsync($"warning: {warning.Item}: {warning.Reason}").ConfigureAwait(false);
        }

        foreach (var failure in failed)
        {
            await output.WriteLineAsync($"FAILED: {failure.Item}: {failure.Reason}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"sent {sent}, warnings {warnings.Count}, failed {failed.Count}{(skipped > 0 ? $", skipped {skipped} non-DICOM" : string.Empty)} in {seconds:0.00} s ({(sent + warnings.Count) / seconds:0.0} obj/s, {megabytes / seconds:0.0} MB/s)")).ConfigureAwait(false);
    }
}
