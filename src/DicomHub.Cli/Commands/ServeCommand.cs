using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using DicomHub.Archive;
using DicomHub.Server;
using DicomHub.Server.Options;
using DicomHub.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DicomHub.Cli.Commands;

/// <summary>
/// `dicomhub serve`: the archive in one process — DICOMweb on http://127.0.0.1:8080/dicomweb, the DIMSE
/// listener on 11112 (AE DICOMHUB), registry and blobs under ./dicomhub-data. The options override the
/// configuration files and DICOMHUB_* environment variables.
/// </summary>
public sealed class ServeCommand : ICliCommand
{
    public Command Build()
    {
        var data = new Option<string?>("--data") { Description = "Folder for the registry and the stored instances (default ./dicomhub-data)." };
        var httpPort = new Option<int?>("--http-port") { Description = "DICOMweb port (default 8080; 0 picks a free one)." };
        var dimsePort = new Option<int?>("--dimse-port") { Description = "DIMSE port (default 11112)." };
        var aeTitle = new Option<string?>("--ae-title") { Description = "The archive's AE title (default DICOMHUB)." };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Keep the registry in PostgreSQL instead of SQLite, so several servers share one index: an Npgsql connection string, e.g. \"Host=db;Database=dicomhub;Username=dicomhub;Password=...\".",
        };
        var blobRoot = new Option<string?>("--blob-root")
        {
            Description = "Folder for the stored instances when not the data folder; servers sharing a --postgres registry share this folder and keep a --data folder each.",
        };
        var bind = new Option<string?>("--bind") { Description = "Address both listeners bind (default 127.0.0.1; 0.0.0.0 for every interface)." };
        var destination = new Option<string[]>("--destination")
        {
            Description = "A remote archive by name, NAME=dicom://AE@host:port or NAME=http://host/dicomweb (repeatable). For DIMSE the name is the AE title C-MOVE names.",
            AllowMultipleArgumentsPerToken = false,
        };
        var allowAnonymous = new Option<bool>("--allow-anonymous")
        {
            Description = "Give callers without a credential every role (Security:AllowAnonymous) even on a non-loopback --bind or once API keys exist; logged as a warning at every start.",
        };
        var cors = new Option<string[]>("--cors")
        {
            Description = "Let browser pages from ORIGIN (scheme://host[:port], or * for any) call DICOMweb: CORS for a viewer hosted elsewhere (repeatable). The web UI and the OHIF viewer at /viewer/ are on the archive's own origin and need none.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("serve", "Run the archive: DICOMweb (STOW-RS, WADO-RS, QIDO-RS) and DIMSE in one process.\n" + CliRunner.ExitCodeHelp)
        {
            data, httpPort, dimsePort, aeTitle, postgres, blobRoot, bind, destination, cors, allowAnonymous,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            void Set(string key, string? value)
            {
                if (value is not null)
                {
                    overrides[key] = value;
                }
            }

            Set("Storage:DataDirectory", parse.GetValue(data));
            Set("Storage:BlobRoot", parse.GetValue(blobRoot));
            Set("DicomWeb:HttpPort", parse.GetValue(httpPort)?.ToString(CultureInfo.InvariantCulture));
            Set("Dimse:Port", parse.GetValue(dimsePort)?.ToString(CultureInfo.InvariantCulture));
            Set("Dimse:AeTitle", parse.GetValue(aeTitle));
            if (parse.GetValue(postgres) is { } connectionString)
            {
                Set("Registry:Provider", "PostgreSql");
                Set("Registry:ConnectionString", connectionString);
            }

            if (parse.GetValue(allowAnonymous))
            {
                Set("Security:AllowAnonymous", "true");
            }

            Set("DicomWeb:BindAddress", parse.GetValue(bind));
            Set("Dimse:BindAddress", parse.GetValue(bind));
            foreach (var entry in parse.GetValue(destination) ?? [])
            {
                var equals = entry.IndexOf('=');
                if (equals <= 0 || equals == entry.Length - 1)
                {
                    throw new CliException($"--destination '{entry}' must be NAME=URL, e.g. PACS=dicom://PACS@10.0.0.5:104 or ORTHANC=http://localhost:8042/dicom-web.", CliRunner.UsageError);
                }

                Set($"Destinations:{entry[..equals].Trim()}", entry[(equals + 1)..].Trim());
            }

            var origins = parse.GetValue(cors) ?? [];
            for (var i = 0; i < origins.Length; i++)
            {
                try
                {
                    Set($"DicomWeb:CorsOrigins:{i}", CorsOrigin.Normalize(origins[i]));
                }
                catch (FormatException e)
                {
                    throw new CliException($"--cors: {e.Message}", CliRunner.UsageError);
                }
            }

            if (parse.GetValue(aeTitle) is { } ae && (ae.Trim().Length is 0 or > 16))
            {
                throw new CliException($"--ae-title '{ae}' must be 1 to 16 characters.", CliRunner.UsageError);
            }

            WebApplication app;
            try
            {
                app = DicomHubServer.Build([], overrides);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or UnauthorizedAccessException or IOException)
            {
                throw new CliException($"The server configuration is not usable: {e.Message}", CliRunner.UsageError, e);
            }

            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (InsecureStartException e)
                {
                    throw new CliException(e.Message, CliRunner.UsageError, e);
                }
                catch (IOException e) when (e.InnerException is SocketException or null)
                {
                    throw new CliException($"Could not listen: {e.Message} Another program may use the port: pick another with --http-port or --dimse-port.", CliRunner.Failure, e);
                }
                catch (InvalidOperationException e) when (e.InnerException is System.Data.Common.DbException)
                {
                    throw new CliException(e.Message, CliRunner.Failure, e);
                }

                var web = app.Services.GetRequiredService<IOptions<DicomWebOptions>>().Value;
                var dimse = app.Services.GetRequiredService<IOptions<DimseOptions>>().Value;
                var storage = app.Services.GetRequiredService<StorageOptions>();
                var address = DicomHubServer.HttpAddress(app);
                var writer = parse.InvocationConfiguration.Output;
                await writer.WriteLineAsync($"DICOMweb: {address.GetLeftPart(UriPartial.Authority)}{web.BasePath}").ConfigureAwait(false);
                await writer.WriteLineAsync($"Web UI:   {address.GetLeftPart(UriPartial.Authority)}/ui/").ConfigureAwait(false);
                await writer.WriteLineAsync(dimse.Enabled ? $"DIMSE:    {dimse.BindAddress}:{DicomHubServer.DimsePort(app)} AE {dimse.AeTitle}" : "DIMSE:    disabled").ConfigureAwait(false);
                await writer.WriteLineAsync($"Data:     {storage.DataDirectory}").ConfigureAwait(false);
                if (storage.BlobRootPath != storage.DataDirectory)
                {
                    await writer.WriteLineAsync($"Blobs:    {Path.Combine(storage.BlobRootPath, "blobs")}").ConfigureAwait(false);
                }

                await writer.WriteLineAsync($"Registry: {app.Services.GetRequiredService<Archive.Registry.RegistryOptions>().Describe(storage)}").ConfigureAwait(false);
                await writer.WriteLineAsync("Press Ctrl+C to stop.").ConfigureAwait(false);

                // Ctrl+C cancels the token; SIGTERM (kill, systemd, docker stop) stops the host's lifetime.
                // Either way the listeners stop gracefully.
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            return CliRunner.Success;
        });
        return command;
    }
}
