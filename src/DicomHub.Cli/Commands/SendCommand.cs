using System.CommandLine;
using DicomHub.Cli.Documents;
using DicomHub.Cli.Export;
using DicomHub.Dicom.Documents;
using DicomHub.DicomWeb.Client;
using DicomHub.Network;

namespace DicomHub.Cli.Commands;

/// <summary>
/// `dicomhub send PATH... --to URL`: a thin dispatcher on the URL scheme. dicom:// goes to the C-STORE
/// exporter (<see cref="DimseExporter"/>), http(s):// to the STOW-RS exporter (<see cref="StowExporter"/>).
/// With --study the paths are PDF reports, wrapped first as Encapsulated PDF instances (<see cref="PdfDocuments"/>).
/// </summary>
public sealed class SendCommand : ICliCommand
{
    public Command Build()
    {
        var paths = new Argument<string[]>("paths") { Description = "DICOM files and folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "Destination: dicom://CALLED_AE@host:port (C-STORE) or http(s)://host:port/dicomweb (STOW-RS service root).", Required = true };
        var callingAe = new Option<string>("--calling-ae") { Description = "Our AE title (C-STORE).", DefaultValueFactory = _ => "DICOMHUB" };
        var window = new Option<ushort>("--async-window") { Description = "C-STOREs kept outstanding per association without waiting for responses (PS3.7 D.3.3.3).", DefaultValueFactory = _ => 1 };
        var associations = new Option<int>("--associations") { Description = "Parallel associations.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "STOW-RS: files per request; 0 sends everything in one streamed request.", DefaultValueFactory = _ => 0 };
        var parallel = new Option<int>("--parallel") { Description = "STOW-RS: requests in flight at once (with --batch).", DefaultValueFactory = _ => 1 };
        var study = new Option<string>("--study") { Description = "Send PDF reports: wrap each PATH (a PDF) as an Encapsulated PDF instance of this study, with the patient and study attributes the destination holds for it (fetched by QIDO-RS or C-FIND)." };
        var title = new Option<string>("--title") { Description = "With --study: the Document Title (default: the PDF's file name)." };
        var network = new NetworkCliOptions();
        var token = new AccessTokenOption();
        var command = new Command("send", "Send DICOM files to a peer: C-STORE (dicom://AE@host:port) or STOW-RS (http(s)://host:port/dicomweb).\n" + CliRunner.ExitCodeHelp)
        {
            paths, to, callingAe, window, associations, batch, parallel, study, title,
        };
        network.AddTo(command);
        token.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = parse.GetRequiredValue(to);
            var files = InputFiles.Expand(parse.GetRequiredValue(paths));
            var credentials = token.Read(parse);
            using var documents = await WrapDocumentsAsync(parse, files, destination, parse.GetValue(study), parse.GetValue(title), parse.GetRequiredValue(callingAe), credentials, cancellationToken).ConfigureAwait(false);
            files = documents?.Files ?? files;
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

            if (Uri.TryCreate(destination, UriKind.Absolute, out var web) && web.Scheme is "http" or "https")
            {
                var batchSize = parse.GetValue(batch);
                var requests = parse.GetValue(parallel);
                if (batchSize < 0 || requests < 1)
                {
                    throw new CliException("--batch must be 0 (one request) or more, and --parallel at least 1.", CliRunner.UsageError);
                }

                return await new StowExporter(new StowExportOptions(web, batchSize, requests, credentials)).ExportAsync(files, parse.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
            }

            throw new CliException($"'{destination}': unsupported destination. Use dicom://AE@host:port for C-STORE or http(s)://host:port/dicomweb for STOW-RS.", CliRunner.UsageError);
        });
        return command;
    }

    /// <summary>
    /// With --study every file must be a PDF and is wrapped; without it a PDF is refused with the fix, rather than
    /// sent as a part the receiver cannot understand.
    /// </summary>
    private static async Task<PdfDocuments?> WrapDocumentsAsync(ParseResult parse, IReadOnlyList<string> files, string destination, string? study, string? title, string callingAe, HttpCredentials? credentials, CancellationToken cancellationToken)
    {
        if (study is null)
        {
            foreach (var file in files)
            {
                if (await EncapsulatedPdf.IsPdfFileAsync(file, cancellationToken).ConfigureAwait(false))
                {
                    throw new CliException($"'{file}' is a PDF: add --study UID to send it as an Encapsulated PDF instance of that study.", CliRunner.UsageError);
                }
            }

            return null;
        }

        foreach (var file in files)
        {
            if (!await EncapsulatedPdf.IsPdfFileAsync(file, cancellationToken).ConfigureAwait(false))
            {
                throw new CliException($"'{file}' is not a PDF (it does not start with '%PDF-'): with --study every path must be a PDF report.", CliRunner.NotDicom);
            }
        }

        var attributes = await StudyLookup.FetchAsync(destination, study, callingAe, cancellationToken, credentials).ConfigureAwait(false);
        return await PdfDocuments.WrapAsync(files, attributes, title, parse.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
    }
}
