using System.Diagnostics;
using System.Globalization;
using DicomHub.DicomWeb.Client;
using Spectre.Console;

namespace DicomHub.Cli.Export;

/// <summary>Settings of a STOW-RS export (`send --to http://...`): one request by default, or batches over parallel requests.</summary>
public sealed record StowExportOptions(Uri ServiceRoot, int BatchSize, int Parallelism, HttpCredentials? Credentials = null);

/// <summary>
/// Sends files to a DICOMweb server with STOW-RS, streamed from disk, with the same progress bar and summary
/// as the C-STORE exporter: objects, MB, objects/s, MB/s; sent, warnings and failed with each failure's reason.
/// </summary>
public sealed class StowExporter(StowExportOptions options)
{
    public async Task<int> ExportAsync(IReadOnlyList<string> files, TextWriter output, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            throw new CliException("nothing to send: the given folders hold no files.", CliRunner.FileNotFound);
        }

        using var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, options.ServiceRoot, credentials: options.Credentials);
        var totalBytes = files.Sum(f => new FileInfo(f).Length);
        var clock = Stopwatch.StartNew();
        var result = await SendWithProgressAsync(client, files, totalBytes, output, cancellationToken).ConfigureAwait(false);
        clock.Stop();
        await PrintSummaryAsync(result, clock.Elapsed, output).ConfigureAwait(false);
        return result.Failed > 0 ? CliRunner.Failure : CliRunner.Success;
    }

    private async Task<StowResult> SendWithProgressAsync(DicomWebClient client, IReadOnlyList<string> files, long totalBytes, TextWriter output, CancellationToken cancellationToken)
    {
        var stow = new StowOptions { BatchSize = options.BatchSize, Parallelism = options.Parallelism };
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            return await client.StoreAsync(files, stow, cancellationToken).ConfigureAwait(false);
        }

        var totalMegabytes = totalBytes / 1e6;
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"sending {files.Count} objects", maxValue: files.Count);
                var clock = Stopwatch.StartNew();
                var gate = new Lock();
                var written = 0;
                long bytes = 0;

                // Called from the request-writing threads: count under a lock, let Spectre redraw on its own.
                void FileSent(string file, long length)
                {
                    lock (gate)
                    {
                        written++;
                        bytes += length;
                        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
                        var megabytes = bytes / 1e6;
                        task.Value = written;
                        task.Description = string.Create(CultureInfo.InvariantCulture,
                            $"{written}/{files.Count} objects, {megabytes:0.0}/{totalMegabytes:0.0} MB, {written / seconds:0.0} obj/s, {megabytes / seconds:0.0} MB/s");
                    }
                }

                return await client.StoreAsync(files, new StowOptions { BatchSize = stow.BatchSize, Parallelism = stow.Parallelism, FileSent = FileSent }, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private static async Task PrintSummaryAsync(StowResult result, TimeSpan elapsed, TextWriter output)
    {
        foreach (var warning in result.Instances.Where(i => i.Status == StowInstanceStatus.StoredWithWarning))
        {
            await output.WriteLineAsync($"warning: {Describe(warning)}: {warning.Reason}").ConfigureAwait(false);
        }

        foreach (var failure in result.Instances.Where(i => i.Status == StowInstanceStatus.Failed))
        {
            await output.WriteLineAsync($"FAILED: {Describe(failure)}: {failure.Reason}").ConfigureAwait(false);
        }

        var stored = result.Stored + result.Warnings;
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        var megabytes = result.BytesSent / 1e6;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"sent {result.Stored}, warnings {result.Warnings}, failed {result.Failed} in {seconds:0.00} s over {result.Requests.Count} request(s) ({stored / seconds:0.0} obj/s, {megabytes / seconds:0.0} MB/s)")).ConfigureAwait(false);
    }

    private static string Describe(StowInstanceResult instance) =>
        instance.File ?? instance.SopInstanceUid ?? "(unnamed instance)";
}
