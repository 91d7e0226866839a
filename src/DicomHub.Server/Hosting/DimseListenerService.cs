using System.Net;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Imaging.Codecs;
using DicomHub.Network.Association;
using DicomHub.Network.Scp;
using DicomHub.Network.Services;
using DicomHub.Server.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomHub.Server.Hosting;

/// <summary>
/// The DIMSE SCP with the services registered as <see cref="IDimseService"/> (<see cref="ArchiveDimseServices"/>):
/// C-ECHO, C-STORE into the ingest pipeline, C-FIND, C-MOVE and C-GET on the query engine and the blob store.
/// </summary>
internal sealed class DimseListenerService(
    IOptions<DimseOptions> options,
    IEnumerable<IDimseService> services,
    IAssociationAuthenticator authenticator,
    ReadinessState readiness,
    CodecRegistry codecs,
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
                // C-GET storage contexts: an encapsulated syntax is producible when the registry has its encoder.
                CanEncode = syntax => codecs.CanTranscode(TransferSyntax.ExplicitVRLittleEndian, syntax),
            },
            Authenticator = authenticator,
        };
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
