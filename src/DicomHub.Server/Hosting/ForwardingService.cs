using DicomHub.Archive.Destinations;
using DicomHub.Archive.Forwarding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DicomHub.Server.Hosting;

/// <summary>
/// Runs the forwarding worker in the background once the registry is migrated (hosted services start in
/// order, after <see cref="ArchiveInitializer"/>). Stopping cancels the send in flight: its items stay
/// pending and go out again at the next start.
/// </summary>
internal sealed class ForwardingService(ForwardingWorker worker, ForwardingOptions options, DestinationCatalog destinations, ILogger<ForwardingService> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // A rule naming an unknown destination stops the server here, with the fix in the message.
        ForwardingRulesObserver.Validate(options.Rules, destinations);
        foreach (var rule in options.Rules)
        {
            logger.LogInformation("Forwarding rule {Rule}", rule);
        }

        return options.Enabled ? base.StartAsync(cancellationToken) : Task.CompletedTask;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => worker.RunAsync(stoppingToken);
}
