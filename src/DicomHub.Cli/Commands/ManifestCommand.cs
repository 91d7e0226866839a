using System.CommandLine;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.DicomWeb.Client;

namespace DicomHub.Cli.Commands;

/// <summary>
/// `dicomhub manifest --study UID --to http://host:port/dicomweb`: asks a DicomHub archive to make a Key Object
/// Selection manifest of a stored study (all instances, or --series/--instance) and prints the new instance's UIDs.
/// </summary>
public sealed class ManifestCommand : ICliCommand
{
    public Command Build()
    {
        var study = new Option<string>("--study") { Description = "Study Instance UID of the stored study.", Required = true };
        var to = new Option<string>("--to") { Description = "The DicomHub archive: http(s)://host:port/dicomweb.", Required = true };
        var series = new Option<string[]>("--series") { Description = "List only these series (repeatable); default: the whole study.", AllowMultipleArgumentsPerToken = true };
        var instances = new Option<string[]>("--instance") { Description = "List only these SOP instances (repeatable).", AllowMultipleArgumentsPerToken = true };
        var title = new Option<string>("--title") { Description = "Document title code VALUE^SCHEME^MEANING (CID 7010); default 113000^DCM^Of Interest." };
        var description = new Option<string>("--description") { Description = "Key Object Description text." };
        var token = new AccessTokenOption();
        var command = new Command("manifest", "Create a Key Object Selection manifest of a stored study on a DicomHub archive (POST /studies/{study}/manifest).\n" + CliRunner.ExitCodeHelp)
        {
            study, to, series, instances, title, description,
        };
        token.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetRequiredValue(to);
            if (!Uri.TryCreate(target, UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
            {
                throw new CliException($"'{target}': manifest talks to a DicomHub archive's DICOMweb root, http(s)://host:port/dicomweb (there is no DIMSE service that makes manifests).", CliRunner.UsageError);
            }

            var options = new ManifestOptions
            {
                SeriesInstanceUids = parse.GetValue(series) ?? [],
                SopInstanceUids = parse.GetValue(instances) ?? [],
                Title = parse.GetValue(title),
                Description = parse.GetValue(description),
            };
            using var http = DicomWebClient.CreateHttpClient();
            DicomDataset answer;
            try
            {
                answer = await new DicomWebClient(http, root, credentials: token.Read(parse)).CreateManifestAsync(parse.GetRequiredValue(study), options, cancellationToken).ConfigureAwait(false);
            }
            catch (DicomWebException e)
            {
                throw new CliException(e.Message, CliRunner.Failure, e);
            }

            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"Manifest {answer.GetString(DicomTags.SOPInstanceUID)} stored in study {answer.GetString(DicomTags.StudyInstanceUID)}, series {answer.GetString(DicomTags.SeriesInstanceUID)}, listing {answer.GetString(DicomTags.NumberOfStudyRelatedInstances)} instance(s)").ConfigureAwait(false);
            await output.WriteLineAsync(answer.GetString(DicomTags.RetrieveURL)).ConfigureAwait(false);
            return CliRunner.Success;
        });
        return command;
    }
}
