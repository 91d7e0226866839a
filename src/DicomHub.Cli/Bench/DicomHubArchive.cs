using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DicomHub.Archive.Blobs;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Bench.Runs;
using DicomHub.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Cli.Bench;

/// <summary>
/// A fresh DicomHub archive per run, in this process: the same server `dicomhub serve` runs, with its
/// shipped defaults (SQLite registry, file blobs, durable writes) in a temporary data folder, on free ports.
/// </summary>
public sealed class DicomHubArchive : ITargetArchiveFactory
{
    public const string AeTitle = "DICOMHUB";

    public string Name => "dicomhub";

    /// <summary>A free port found by binding port 0 can be taken by another program before the archive binds it
    /// (other test runs share this machine): a run is not failed for that, the archive starts again on new ports.</summary>
    private const int StartAttempts = 3;

    public async Task<ITargetArchive> StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (attempt < StartAttempts && e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                // Lost the race for the port: try again with fresh ones.
            }
        }
    }

    private static async Task<ITargetArchive> StartOnceAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("dicomhub-bench-archive-").FullName;
        var dimsePort = FreeTcpPort.Next();
        var app = DicomHubServer.Build([], new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = folder,
            ["DicomWeb:HttpPort"] = "0",
            ["Dimse:Port"] = dimsePort.ToString(CultureInfo.InvariantCulture),
            ["Dimse:AeTitle"] = AeTitle,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft"] = "Warning",
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(folder, recursive: true);
            throw;
        }

        var http = DicomHubServer.HttpAddress(app);
        return new Running(app, folder, new IPEndPoint(IPAddress.Loopback, dimsePort), new Uri($"http://127.0.0.1:{http.Port}/dicomweb"));
    }

    private sealed class Running(WebApplication app, string folder, IPEndPoint dimse, Uri web) : ITargetArchive
    {
        public IPEndPoint DimseEndPoint => dimse;

        public string AeTitle => DicomHubArchive.AeTitle;

        public Uri DicomWebBase => web;

        /// <summary>Every instance the registry knows, fingerprinted from the blob it points at (read through the blob store).</summary>
        public async Task<ArchiveInventory> TakeInventoryAsync(CancellationToken cancellationToken)
        {
            var registry = app.Services.GetRequiredService<IRegistry>();
            var blobs = app.Services.GetRequiredService<IBlobStore>();
            var keys = new List<string>();
            foreach (var study in await registry.QueryAsync(new QueryRequest(QueryLevel.Study) { Limit = 100_000 }, cancellationToken).ConfigureAwait(false))
            {
                foreach (var instance in await registry.ResolveAsync(new InstanceScope(study.StudyInstanceUid!), cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(instance.BlobKey);
                }
            }

            return await Part10Fingerprint.InventoryAsync(keys, async (key, ct) => await blobs.OpenReadAsync(key, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open for a moment: the temp folder is cleaned by the OS eventually.
            }
        }
    }
}
