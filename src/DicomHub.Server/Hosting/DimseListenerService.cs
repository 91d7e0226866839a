using System.Net;
using DicomHub.Archive.Blobs;
using DicomHub.Archive.Destinations;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Retrieve;
using DicomHub.Network.Association;
using DicomHub.Network.Scp;
using DicomHub.Network.Services;
using DicomHub.Server.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomHub.Server.Hosting;

/// <summary>
/// The DIMSE SCP (C-ECHO, C-STORE, C-FIND, C-MOVE, C-GET) with the archive's ingest pipeline as its storage
/// handler, its registry answering queries, and its blobs sent to move destinations from the Destinations catalog.
/// </summary>
internal sealed class DimseListenerService(
    IOptions<DimseOptions> options,
    IngestPipeline pipeline,
    IRegistry registry,
    IBlobStore blobs,
    DestinationCatalog destinations,
    ReadinessState readiness,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private DicomServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var dimse = options.Value;
        if (!dimse.Enabled)
        {
            readiness.SetDimse("disabled");
            return;
        }

        if (dimse.AeTitle.Trim().Length is 0 or > 16)
        {
            throw new InvalidOperationException($"Dimse:AeTitle '{dimse.AeTitle}' must be 1 to 16 characters.");
        }

        var serverOptions = new DicomServerOptions
        {
            BindAddress = IPAddress.Parse(dimse.BindAddress),
            Port = dimse.Port,
            Policy = new AcceptancePolicy
            {
                AeTitle = dimse.AeTitle.Trim(),
                AllowedCallingAeTitles = new HashSet<string>(dimse.AllowedCallingAeTitles, StringComparer.Ordinal),
            },
        };
        var retrieve = new ArchiveRetrieveHandler(registry, blobs, destinations);
        IDimseService[] services =
        [
            new CEchoService(new SuccessEchoHandler()),
            new CStoreService(new ArchiveStoreHandler(pipeline, loggerFactory.CreateLogger<ArchiveStoreHandler>())),
            new CFindService(new ArchiveFindHandler(registry)),
            new CMoveService(retrieve, logger: loggerFactory.CreateLogger<CMoveService>(), asyncOperationsWindow: dimse.MoveAsyncWindow),
            new CGetService(retrieve, logger: loggerFactory.CreateLogger<CGetService>()),
        ];
        _server = new DicomServer(serverOptions, services, loggerFactory);
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        readiness.SetDimse("ready", _server.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }
    }
}
