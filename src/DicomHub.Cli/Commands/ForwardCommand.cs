using System.CommandLine;
using System.Globalization;
using DicomHub.Cli.Forward;

namespace DicomHub.Cli.Commands;

/// <summary>
/// `dicomhub forward --from http://HUB/dicomweb --study UID [--series UID [--instance UID]] --to NAME [--wait]`:
/// asks a DicomHub archive to send what it holds to one of its destinations (by that destination's protocol),
/// and with --wait follows the job until every instance is delivered or refused.
/// </summary>
public sealed class ForwardCommand : ICliCommand
{
    public Command Build()
    {
        var from = new Option<string>("--from") { Description = "The DicomHub archive that holds the study: http(s)://host:port/dicomweb.", Required = true };
        var study = new Option<string>("--study") { Description = "Study Instance UID.", Required = true };
        var series = new Option<string?>("--series") { Description = "Only this series of the study." };
        var instance = new Option<string?>("--instance") { Description = "Only this instance (needs --series)." };
        var to = new Option<string>("--to") { Description = "A destination configured in that archive (its Destinations section).", Required = true };
        var wait = new Option<bool>("--wait") { Description = "Print progress until the transfer has finished; exit 1 if any instance was refused." };
        var interval = new Option<double>("--poll") { Description = "Seconds between progress checks with --wait.", DefaultValueFactory = _ => 1.0 };
        var command = new Command("forward", "Have a DicomHub archive send a study, series or instance to another archive (DIMSE or STOW-RS, as configured there).\n" + CliRunner.ExitCodeHelp)
        {
            from, study, series, instance, to, wait, interval,
        };
        var token = new AccessTokenOption();
        token.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var seriesUid = parse.GetValue(series);
            var instanceUid = parse.GetValue(instance);
            if (instanceUid is not null && seriesUid is null)
            {
                throw new CliException("--instance needs --series: the archive addresses an instance within its series.", CliRunner.UsageError);
            }

            var fromText = parse.GetRequiredValue(from);
            if (!Uri.TryCreate(fromText, UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
            {
                throw new CliException($"--from '{fromText}' is not a DicomHub DICOMweb root: use http(s)://host:port/dicomweb.", CliRunner.UsageError);
            }

            var output = parse.InvocationConfiguration.Output;
            using var client = new ExportRequestClient(root, token.Read(parse));
            var accepted = await client.ExportAsync(parse.GetRequiredValue(study), seriesUid, instanceUid, parse.GetRequiredValue(to), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"export {accepted.Id}: {accepted.Instances} instances queued for {accepted.Destination} ({accepted.DestinationUrl}); status: {accepted.StatusUrl}").ConfigureAwait(false);
            if (!parse.GetValue(wait))
            {
                return CliRunner.Success;
            }

            var delay = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(interval), 0.05, 60));
            string? last = null;
            while (true)
            {
                var progress = await client.StatusAsync(accepted.StatusUrl, cancellationToken).ConfigureAwait(false);
                var line = Describe(progress);
                if (line != last)
                {
                    await output.WriteLineAsync(line).ConfigureAwait(false);
                    last = line;
                }

                if (progress.IsFinished)
                {
                    foreach (var failure in (progress.Failures ?? []).Take(10))
                    {
                        await output.WriteLineAsync($"  failed {failure.SopInstanceUid}: {failure.Error}").ConfigureAwait(false);
                    }

                    return progress.Failed == 0 ? CliRunner.Success : CliRunner.Failure;
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static string Describe(ExportProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.State}: {p.Done}/{p.Total} delivered to {p.Destination}, {p.Failed} failed, {p.Pending} pending{(p.Pending > 0 && p.LastError is { } e ? $" (last error: {e})" : string.Empty)}");
}
