using System.CommandLine;
using DicomHub.Cli.Dump;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;

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

            var dataset = Transcode(file, target);
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

    private static DicomDataset Transcode(DicomFile file, TransferSyntax target)
    {
        var from = file.TransferSyntax;
        if (from == target || (!from.IsEncapsulated && !target.IsEncapsulated))
        {
            // Native to native: the writer re-encodes byte order, VR form and deflation by itself.
            return file.Dataset;
        }

        throw new CliException($"converting {from.Name} to {target.Name} needs a pixel data codec that this build does not have.", CliRunner.Failure);
    }
}
