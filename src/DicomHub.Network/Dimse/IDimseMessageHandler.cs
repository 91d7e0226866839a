using System.IO.Pipelines;
using DicomHub.Network.Association;

namespace DicomHub.Network.Dimse;

/// <summary>
/// Receives the DIMSE messages an association assembles from P-DATA-TF fragments. The SCU side matches
/// responses to its requests; the SCP side dispatches requests to services.
/// </summary>
internal interface IDimseMessageHandler
{
    /// <summary>
    /// A command set is complete. When a data set follows, return the writer its fragments are streamed
    /// into (the data set is never assembled in memory); return null otherwise. A writer whose reader has
    /// completed early is fine: the rest of the data set is then discarded.
    /// </summary>
    ValueTask<PipeWriter?> OnCommandAsync(DimseCommand command, PresentationContext context, CancellationToken cancellationToken);

    /// <summary>Waits until every operation in progress has sent its response (before answering A-RELEASE-RQ).</summary>
    Task DrainAsync();

    /// <summary>The association ended; <paramref name="error"/> is null after an orderly release.</summary>
    void OnClosed(Exception? error);
}
