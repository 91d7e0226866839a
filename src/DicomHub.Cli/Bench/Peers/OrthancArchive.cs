using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DicomHub.Bench.Runs;

namespace DicomHub.Cli.Bench.Peers;

/// <summary>
/// Orthanc with its DICOMweb plugin as the reference archive: a fresh process per run with a generated
/// configuration (free ports, temporary storage and index, no authentication, no storage compression, every
/// other setting as shipped), run either as shipped or with env TCP_NODELAY=1. Orthanc's DIMSE side is
/// DCMTK's dcmnet, which reads that variable; its HTTP server (CivetWeb) ignores it and follows the
/// configuration option "TcpNoDelay", which ships as true and is left alone. The inventory fingerprints the
/// Part 10 files in Orthanc's storage folder.
/// </summary>
public sealed class OrthancArchive(bool tcpNoDelayEnv) : ITargetArchiveFactory
{
    public const string AeTitle = "ORTHANC";

    /// <summary>Orthanc's shipped "MaximumPduLength" (DCMTK's default too): what it announces to a C-STORE SCU.</summary>
    public const int DefaultMaxPdu = 16384;

    private static readonly string[] PluginLocations =
    [
        "/usr/share/orthanc/plugins/libOrthancDicomWeb.so",
        "/usr/lib/orthanc/plugins/libOrthancDicomWeb.so",
    ];

    public string Name => tcpNoDelayEnv ? "orthanc (env TCP_NODELAY=1)" : "orthanc (as shipped)";

    public async Task<ITargetArchive> StartAsync(CancellationToken cancellationToken)
    {
        var program = PeerProcess.Find("Orthanc") ?? throw new CliException("Orthanc is not installed: apt-get install orthanc orthanc-dicomweb, or run without --peers.");
        var plugin = PluginLocations.FirstOrDefault(File.Exists) ?? throw new CliException("Orthanc's DICOMweb plugin is not installed: apt-get install orthanc-dicomweb, or run without --peers.");
        var folder = Directory.CreateTempSubdirectory("dicomhub-bench-orthanc-").FullName;
        var storage = Path.Combine(folder, "storage");
        var httpPort = FreeTcpPort.Next();
        var dicomPort = FreeTcpPort.Next();
        var configuration = new JsonObject
        {
            ["Name"] = "DicomHubBench",
            ["StorageDirectory"] = storage,
            ["IndexDirectory"] = Path.Combine(folder, "index"),
            ["HttpPort"] = httpPort,
            ["DicomPort"] = dicomPort,
            ["DicomAet"] = AeTitle,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["StorageCompression"] = false,
            ["Plugins"] = new JsonArray(plugin),
            ["DicomWeb"] = new JsonObject { ["Enable"] = true, ["Root"] = "/dicom-web/" },
        };
        var configurationPath = Path.Combine(folder, "orthanc.json");
        await File.WriteAllTextAsync(configurationPath, configuration.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);

        var process = PeerProcess.Start(program, [configurationPath], DcmtkEnvironment.For(tcpNoDelayEnv), folder);
        var running = new Running(process, folder, storage, new IPEndPoint(IPAddress.Loopback, dicomPort), new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}/dicom-web"));
        try
        {
            await WaitUntilReadyAsync(process, httpPort, cancellationToken).ConfigureAwait(false);
            await process.WaitForPortAsync(dicomPort, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await running.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return running;
    }

    /// <summary>Orthanc opens its ports before its plugins are loaded: wait for the DICOMweb root to answer.</summary>
    private static async Task WaitUntilReadyAsync(PeerProcess process, int httpPort, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Orthanc exited with code {process.ExitCode} while starting: {process.Tail()}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}/dicom-web/studies"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                // A slow answer while it starts on a busy machine.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Orthanc did not answer GET /dicom-web/studies within 60 s: {process.Tail()}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Running(PeerProcess process, string folder, string storage, IPEndPoint dimse, Uri web) : ITargetArchive
    {
        public IPEndPoint DimseEndPoint => dimse;

        public string AeTitle => OrthancArchive.AeTitle;

        public Uri DicomWebBase => web;

        /// <summary>Orthanc keeps each received file as an attachment under its storage folder, bit for bit (compression off).</summary>
        public Task<ArchiveInventory> TakeInventoryAsync(CancellationToken cancellationToken) =>
            Part10Fingerprint.InventoryAsync(Directory.Exists(storage) ? Directory.EnumerateFiles(storage, "*", SearchOption.AllDirectories).ToList() : [], cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await process.DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still being closed: the temp folder is cleaned by the OS eventually.
            }
        }
    }
}
