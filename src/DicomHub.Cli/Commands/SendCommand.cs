using System.CommandLine;
using DicomHub.Cli.Export;
using DicomHub.Network;

namespace DicomHub.Cli.Commands;

/// <summary>
/// `dicomhub send PATH... --to URL`: a thin dispatcher on the URL scheme. dicom:// goes to the C-STORE
/// exporter (<see cref="DimseExporter"/>); http(s):// is the STOW-RS exporter's slot.
/// </summary>
public sealed class SendCommand : ICliCommand
{
    public Command Build()
    {
        var paths = new Argument<string[]>("paths") { Description = "DICOM files and folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "Destination: dicom://CALLED_AE@host:port (C-STORE).", Required = true };
        var callingAe = new Option<string>("--calling-ae") { Description = "Our AE title (C-STORE).", DefaultValueFactory = _ => "DICOMHUB" };
        var window = new Option<ushort>("--async-window") { Description = "C-STOREs kept outstanding per association without waiting for responses (PS3.7 D.3.3.3).", DefaultValueFactory = _ => 1 };
        var associations = new Option<int>("--associations") { Description = "Parallel associations.", DefaultValueFactory = _ => 1 };
        var network = new NetworkCliOptions();
        var command = new Command("send", "Send DICOM files to a peer: C-STORE (dicom://AE@host:port).\n" + CliRunner.ExitCodeHelp)
        {
            paths, to, callingAe, window, associations,
        };
        network.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = parse.GetRequiredValue(to);
            var files = InputFiles.Expand(parse.GetRequiredValue(paths));
            if (DicomNodeUri.IsDicomUri(destination))
            {
                var windowSize = parse.GetValue(window);
                var parallel = parse.GetValue(associations);
                if (windowSize < 1 || parallel < 1)
                {
                    throw new CliException("--async-window and --associations must be at least 1.", CliRunner.UsageError);
                }

                var options = new DimseExportOptions(NetworkCliOptions.ParseNode(destination), parse.GetRequiredValue(callingAe), windowSize, parallel, network.Read(parse));
                return await new DimseExporter(options).ExportAsync(files, parse.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
            }

            throw new CliException($"'{destination}': unsupported destination. Use dicom://AE@host:port for C-STORE.", CliRunner.UsageError);
        });
        return command;
    }
}
