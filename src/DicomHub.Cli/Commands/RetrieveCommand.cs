using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DicomHub.Cli.Retrieve;
using DicomHub.DicomWeb.Client;

namespace DicomHub.Cli.Commands;

/// <summary>`dicomhub retrieve --from URL (--get | --move AE) --study UID [--series UID] [--instance UID] --out DIR`: WADO-RS, C-GET or C-MOVE into Part 10 files.</summary>
public sealed class RetrieveCommand : ICliCommand
{
    public Command Build()
    {
        var from = new Option<string>("--from") { Description = "Where to retrieve from: http(s)://host:port/dicomweb (WADO-RS) or dicom://AE@host:port (with --get or --move).", Required = true };
        var study = new Option<string>("--study") { Description = "Study Instance UID.", Required = true };
        var series = new Option<string?>("--series") { Description = "Only this series of the study." };
        var instance = new Option<string?>("--instance") { Description = "Only this instance (needs --series)." };
        var output = new Option<string>("--out") { Description = "Folder for the files, named {SOPInstanceUID}.dcm.", Required = true };
        var move = new Option<string?>("--move") { Description = "dicom:// only: C-MOVE to this AE title (the peer must know it as this computer at --port); we receive the instances." };
        var get = new Option<bool>("--get") { Description = "dicom:// only: C-GET, the instances come back on our association." };
        var port = new Option<int>("--port") { Description = "With --move: the port our temporary storage SCP listens on.", DefaultValueFactory = _ => 11113 };
        var aet = new Option<string>("--aet") { Description = "dicom:// only: our calling AE title.", DefaultValueFactory = _ => DimseRetrieveOptions.DefaultCallingAeTitle };
        var command = new Command("retrieve", "Retrieve a study, series or instance from a DICOMweb server (WADO-RS) or a DIMSE peer (C-GET or C-MOVE) into Part 10 files.\n" + CliRunner.ExitCodeHelp)
        {
            from, study, series, instance, output, move, get, port, aet,
        };
        var token = new AccessTokenOption();
        token.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = new WadoTarget(parse.GetRequiredValue(study), parse.GetValue(series), parse.GetValue(instance));
            if (target.SopInstanceUid is not null && target.SeriesInstanceUid is null)
            {
                throw new CliException("--instance needs --series: WADO-RS addresses an instance within its series.", CliRunner.UsageError);
            }

            var directory = parse.GetRequiredValue(output);
            var console = parse.InvocationConfiguration.Output;
            using var source = RetrieveSources.Create(parse.GetRequiredValue(from), DimseOptions(parse.GetValue(move), parse.GetValue(get), parse.GetValue(port), parse.GetRequiredValue(aet)), token.Read(parse));
            var clock = Stopwatch.StartNew();
            var received = 0;
            var instances = await source.RetrieveAsync(
                target,
                directory,
                file =>
                {
                    // One line per 100 files keeps long retrieves visibly alive without flooding the terminal.
                    if (++received % 100 == 0)
                    {
                        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{received} objects..."));
                    }
                },
                cancellationToken).ConfigureAwait(false);
            clock.Stop();
            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
            var megabytes = instances.Sum(i => i.Length) / 1e6;
            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"retrieved {instances.Count} objects, {megabytes:0.0} MB in {seconds:0.00} s ({instances.Count / seconds:0.0} obj/s, {megabytes / seconds:0.0} MB/s) into {Path.GetFullPath(directory)}")).ConfigureAwait(false);
            if (instances.Count == 0)
            {
                await console.WriteLineAsync($"nothing was retrieved: the server has no instances for {target}.").ConfigureAwait(false);
                return CliRunner.Failure;
            }

            return CliRunner.Success;
        });
        return command;
    }

    private static DimseRetrieveOptions? DimseOptions(string? move, bool get, int port, string aet)
    {
        if (move is not null && get)
        {
            throw new CliException("--move and --get exclude each other: C-MOVE sends to an AE title, C-GET brings the instances back on our association.", CliRunner.UsageError);
        }

        if (move is not null && (move.Trim().Length is 0 or > 16))
        {
            throw new CliException($"--move '{move}' is not an AE title (1 to 16 characters).", CliRunner.UsageError);
        }

        if (port is < 0 or > 65535)
        {
            throw new CliException($"--port {port} is not a TCP port (0-65535).", CliRunner.UsageError);
        }

        return move is null && !get ? null : new DimseRetrieveOptions(move?.Trim(), port, aet);
    }
}
