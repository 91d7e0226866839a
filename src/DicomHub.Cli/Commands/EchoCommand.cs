using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DicomHub.Network.Association;
using DicomHub.Network.Scu;

namespace DicomHub.Cli.Commands;

/// <summary>`dicomhub echo dicom://AE@host:port`: C-ECHO (verification) and the round-trip time.</summary>
public sealed class EchoCommand : ICliCommand
{
    public Command Build()
    {
        var target = new Argument<string>("peer") { Description = "The peer as dicom://CALLED_AE@host:port." };
        var callingAe = new Option<string>("--calling-ae") { Description = "Our AE title.", DefaultValueFactory = _ => "DICOMHUB" };
        var network = new NetworkCliOptions();
        var command = new Command("echo", "Check a DICOM peer with C-ECHO and print the round-trip time.") { target, callingAe };
        network.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var node = NetworkCliOptions.ParseNode(parse.GetRequiredValue(target));
            var options = new DicomClientOptions { CallingAeTitle = parse.GetRequiredValue(callingAe), Network = network.Read(parse) };
            var output = parse.InvocationConfiguration.Output;
            try
            {
                var total = Stopwatch.StartNew();
                await using var association = await DicomClient.ConnectAsync(node, PresentationContextPlanner.Plan([]), options, cancellationToken: cancellationToken).ConfigureAwait(false);
                var associated = total.Elapsed;
                var echo = Stopwatch.StartNew();
                var status = await association.EchoAsync(cancellationToken).ConfigureAwait(false);
                var roundTrip = echo.Elapsed;
                await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"C-ECHO {node}: {status} in {roundTrip.TotalMilliseconds:0.00} ms (association {associated.TotalMilliseconds:0.0} ms, total with release {total.Elapsed.TotalMilliseconds:0.0} ms)")).ConfigureAwait(false);
                return status.IsSuccess ? CliRunner.Success : CliRunner.Failure;
            }
            catch (Exception e) when (e is AssociationRejectedException or AssociationAbortedException or IOException or TimeoutException or InvalidOperationException)
            {
                throw new CliException($"C-ECHO {node} failed: {e.Message}", CliRunner.Failure, e);
            }
        });
        return command;
    }
}
