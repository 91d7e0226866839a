using System.CommandLine;
using DicomHub.Cli.Dump;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Dicom.Json;

namespace DicomHub.Cli.Commands;

/// <summary>`dicomhub dump FILE...`: lists files like dcmdump, or as the DICOM JSON model.</summary>
public sealed class DumpCommand : ICliCommand
{
    /// <summary>Values larger than this stay in the file and are previewed, never loaded (Pixel Data).</summary>
    private const long LazyValueThreshold = 64 * 1024;

    public Command Build()
    {
        var files = new Argument<string[]>("FILE") { Description = "DICOM files to list.", Arity = ArgumentArity.OneOrMore };
        var maxLength = new Option<int>("--max-length") { Description = "Characters of a value shown before it is cut with \"...\".", DefaultValueFactory = _ => 64 };
        var noPixel = new Option<bool>("--no-pixel") { Description = "Stop reading before Pixel Data (fast for large images)." };
        var json = new Option<bool>("--json") { Description = "Write the DICOM JSON model (PS3.18 F) instead: one array, one object per file. Binary values of 1 KB or more become BulkDataURIs pointing into the file." };

        var command = new Command("dump", "List the elements of DICOM files: tag, VR, value, length, VM, keyword; file meta first.\n" + CliRunner.ExitCodeHelp)
        {
            files, maxLength, noPixel, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var max = parse.GetValue(maxLength);
            if (max <= 0)
            {
                throw new CliException("--max-length must be a positive number of characters.", CliRunner.UsageError);
            }

            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var stopBeforePixels = parse.GetValue(noPixel);
            var formatter = new DicomDumpFormatter(new DumpOptions(max));
            var asJson = parse.GetValue(json);
            var datasets = new List<DicomDataset>();
            var paths = parse.GetRequiredValue(files);
            var exitCode = CliRunner.Success;
            foreach (var path in paths)
            {
                var options = new DicomReadOptions
                {
                    StopBeforePixelData = stopBeforePixels,
                    LargeValueThreshold = LazyValueThreshold,
                    Warning = message => error.WriteLine($"dicomhub: warning: {path}: {message}"),
                };
                try
                {
                    var file = await DicomInput.OpenAsync(path, options, cancellationToken).ConfigureAwait(false);
                    if (asJson)
                    {
                        datasets.Add(file.Dataset);
                        continue;
                    }

                    formatter.WriteFile(output, path, file.HasFileMetaInformation ? file.FileMetaInformation : null, file.Dataset, file.TransferSyntax, stopBeforePixels);
                    output.WriteLine();
                }
                catch (CliException e) when (paths.Length > 1)
                {
                    // Several files: report each bad one and go on; the exit code is the last failure's.
                    await error.WriteLineAsync($"dicomhub: {e.Message}").ConfigureAwait(false);
                    exitCode = e.ExitCode;
                }
            }

            if (asJson)
            {
                var writerOptions = new DicomJsonWriterOptions { Indented = true, BulkDataMinimumLength = 1024, BulkDataUri = JsonBulkData.UriOf };
                await output.WriteLineAsync(DicomJsonWriter.SerializeArray(datasets, writerOptions)).ConfigureAwait(false);
            }

            return exitCode;
        });
        return command;
    }
}
