using System.CommandLine;
using DicomHub.Cli.Dump;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.IO;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Cli.Commands;

/// <summary>`dicomhub convert IN OUT --transfer-syntax TS`: re-encodes a file in another transfer syntax.</summary>
public sealed class ConvertCommand : ICliCommand
{
    public Command Build()
    {
        var input = new Argument<string>("IN") { Description = "The DICOM file to read." };
        var output = new Argument<string>("OUT") { Description = "The file to write (replaced if it exists)." };
        var syntax = new Option<string>("--transfer-syntax", "-t")
        {
            Description = $"Target transfer syntax: {TransferSyntaxArgument.Help}.",
            Required = true,
        };

        var command = new Command("convert", "Re-encode a DICOM file in another transfer syntax.\n" + CliRunner.ExitCodeHelp)
        {
            input, output, syntax,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = TransferSyntaxArgument.Parse(parse.GetRequiredValue(syntax));
            var source = parse.GetRequiredValue(input);
            var destination = parse.GetRequiredValue(output);
            var error = parse.InvocationConfiguration.Error;
            var options = new DicomReadOptions { Warning = message => error.WriteLine($"dicomhub: warning: {source}: {message}") };
            var file = await DicomInput.OpenAsync(source, options, cancellationToken).ConfigureAwait(false);

            var dataset = await TranscodeAsync(file, target, source, cancellationToken).ConfigureAwait(false);
            try
            {
                await DicomFile.Create(dataset, target).SaveAsync(destination, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot write '{destination}': {e.Message}", CliRunner.Failure, e);
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"{source} ({file.TransferSyntax.Name}) -> {destination} ({target.Name})").ConfigureAwait(false);
            return CliRunner.Success;
        });
        return command;
    }

    private static async Task<DicomDataset> TranscodeAsync(DicomFile file, TransferSyntax target, string path, CancellationToken cancellationToken)
    {
        var from = file.TransferSyntax;
        if (from == target || !file.Dataset.Contains(DicomTags.PixelData))
        {
            // Same pixel encoding, or no pixels: the writer re-encodes byte order, VR form and deflation by itself.
            return file.Dataset;
        }

        try
        {
            await using var services = CliServices.Create();
            var transcoder = services.GetRequiredService<DicomTranscoder>();
            return await transcoder.TranscodeAsync(file.Dataset, from, target, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (TransferSyntaxNotSupportedException e)
        {
            throw new CliException($"cannot convert {from.Name} to {target.Name}: {e.Message}", CliRunner.Failure, e);
        }
        catch (DicomImagingException e)
        {
            throw new CliException($"'{path}' has pixel data that cannot be converted: {e.Message}", CliRunner.MalformedDicom, e);
        }
    }
}
