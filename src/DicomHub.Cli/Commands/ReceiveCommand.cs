using System.CommandLine;
using System.Net;
using DicomHub.Network.Association;
using DicomHub.Network.Scp;
using DicomHub.Network.Storage;
using Microsoft.Extensions.Logging;

namespace DicomHub.Cli.Commands;

/// <summary>
/// `dicomhub receive --port P --out DIR`: a storage SCP like storescp. Each instance is written to a
/// temporary name under DIR and renamed to "{SOP Instance UID}.dcm" once complete (with --fsync, flushed to
/// disk before the response). Runs until Ctrl-C.
/// </summary>
public sealed class ReceiveCommand : ICliCommand
{
    public Command Build()
    {
        var port = new Option<int>("--port") { Description = "TCP port to listen on.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for received instances.", Required = true };
        var aeTitle = new Option<string>("--ae-title") { Description = "Our AE title; associations calling another title are rejected.", DefaultValueFactory = _ => "DICOMHUB" };
        var anyCalled = new Option<bool>("--any-called-ae") { Description = "Accept associations whatever called AE title they use." };
        var allowed = new Option<string[]>("--allow-calling-ae") { Description = "Only these calling AE titles may associate (repeat the option); everyone when absent.", AllowMultipleArgumentsPerToken = true };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "0.0.0.0" };
        var window = new Option<ushort>("--async-window") { Description = "Operations performed at once per association (the window granted to senders).", DefaultValueFactory = _ => 16 };
        var fsync = new Option<bool>("--fsync") { Description = "Flush each instance to disk (file and folder) before answering that it is stored, as the archive does." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every association." };
        var network = new NetworkCliOptions();
        var command = new Command("receive", "Run a storage SCP (C-STORE, C-ECHO) writing Part 10 files into a folder, until Ctrl-C.")
        {
            port, output, aeTitle, anyCalled, allowed, bind, window, fsync, verbose,
        };
        network.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!IPAddress.TryParse(parse.GetRequiredValue(bind), out var address))
            {
                throw new CliException($"--bind '{parse.GetValue(bind)}' is not an IP address.", CliRunner.UsageError);
            }

            using var loggers = LoggerFactory.Create(b => b
                .AddSimpleConsole(o => o.SingleLine = true)
                .SetMinimumLevel(parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning));
            var policy = new AcceptancePolicy
            {
                AeTitle = parse.GetRequiredValue(aeTitle),
                AcceptAnyCalledAeTitle = parse.GetValue(anyCalled),
                AllowedCallingAeTitles = new HashSet<string>(parse.GetValue(allowed) ?? [], StringComparer.Ordinal),
                MaxOperationsPerformed = Math.Max((ushort)1, parse.GetValue(window)),
            };
            var options = new DicomServerOptions { BindAddress = address, Port = parse.GetValue(port), Policy = policy, Network = network.Read(parse) };
            var store = new FolderStoreHandler(parse.GetRequiredValue(output), loggers.CreateLogger<FolderStoreHandler>(), parse.GetValue(fsync));
            long count = 0, bytes = 0;
            store.Stored += (_, size) =>
            {
                Interlocked.Increment(ref count);
                Interlocked.Add(ref bytes, size);
            };

            await using var server = DicomServer.ForStorage(options, store, loggers);
            try
            {
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new CliException(e.Message, CliRunner.Failure, e);
            }

            var writer = parse.InvocationConfiguration.Output;
            await writer.WriteLineAsync($"receiving as '{policy.AeTitle}' on {address}:{server.Port} into {store.Folder} (Ctrl-C to stop)").ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await server.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await writer.WriteLineAsync($"received {Interlocked.Read(ref count)} instances, {Interlocked.Read(ref bytes) / 1e6:0.0} MB").ConfigureAwait(false);
            return CliRunner.Success;
        });
        return command;
    }
}
