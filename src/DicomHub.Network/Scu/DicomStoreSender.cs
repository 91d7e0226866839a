using System.Collections.Concurrent;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Network.Scu;

/// <summary>Progress of a send: instances and bytes done so far.</summary>
public readonly record struct StoreProgress(int Completed, int Total, long BytesSent, long TotalBytes, CStoreResult? Last);

/// <summary>
/// Sends many instances to one peer over K parallel associations, each keeping up to N C-STOREs
/// outstanding (the async window). These two knobs are what make C-STORE fast on a long link: the sender
/// never idles waiting for a response.
/// </summary>
public sealed class DicomStoreSender(DicomNodeUri destination, DicomClientOptions options, int associations = 1, IDatasetTranscoder? transcoder = null, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private string? _firstFailure;

    public async Task<IReadOnlyList<CStoreResult>> SendAsync(IReadOnlyList<DicomStoreItem> items, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var contexts = PresentationContextPlanner.Plan(items.Select(i => (i.SopClassUid, i.TransferSyntax)));
        var queue = new ConcurrentQueue<DicomStoreItem>(items);
        var results = new ConcurrentBag<CStoreResult>();
        var totalBytes = items.Sum(i => i.DatasetLength);
        long bytesSent = 0;
        var completed = 0;

        void Report(CStoreResult result)
        {
            results.Add(result);
            var bytes = Interlocked.Add(ref bytesSent, result.Item.DatasetLength);
            var done = Interlocked.Increment(ref completed);
            progress?.Report(new StoreProgress(done, items.Count, bytes, totalBytes, result));
        }

        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(associations, items.Count)))
            .Select(_ => Task.Run(() => RunAssociationAsync(contexts, queue, Report, cancellationToken), cancellationToken))
            .ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);

        // Whatever is left in the queue could not be sent because every association failed.
        while (queue.TryDequeue(out var left))
        {
            Report(new CStoreResult(left, DimseStatus.ProcessingFailure, null, "not sent: " + (_firstFailure ?? "the association to the peer failed")));
        }

        var order = items.Select((item, index) => (item, index)).ToDictionary(x => x.item, x => x.index);
        return results.OrderBy(r => order[r.Item]).ToList();
    }

    private async Task RunAssociationAsync(IReadOnlyList<Pdus.PresentationContextRequestItem> contexts, ConcurrentQueue<DicomStoreItem> queue, Action<CStoreResult> report, CancellationToken cancellationToken)
    {
        DicomClientAssociation association;
        try
        {
            association = await DicomClient.ConnectAsync(destination, contexts, options, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AssociationRejectedException or AssociationAbortedException or IOException or TimeoutException)
        {
            // Other associations may still take the queue; what is left at the end is reported with this reason.
            _logger.LogError("Cannot associate with {Peer}: {Message}", destination, e.Message);
            Interlocked.CompareExchange(ref _firstFailure, e.Message, null);
            return;
        }

        var outstanding = new List<Task>();
        await using (association.ConfigureAwait(false))
        {
            while (queue.TryDequeue(out var item))
            {
                Task<CStoreResult> pending;
                try
                {
                    pending = await association.SendStoreAsync(item, transcoder, cancellationToken).ConfigureAwait(false);
                }
                catch (AssociationAbortedException e)
                {
                    report(new CStoreResult(item, DimseStatus.ProcessingFailure, null, e.Message));
                    Interlocked.CompareExchange(ref _firstFailure, e.Message, null);
                    break;
                }

                outstanding.Add(pending.ContinueWith(t => report(t.IsCompletedSuccessfully
                    ? t.Result
                    : new CStoreResult(item, DimseStatus.ProcessingFailure, null, t.Exception?.InnerException?.Message ?? "cancelled")), TaskScheduler.Default));
                outstanding.RemoveAll(t => t.IsCompleted);
            }

            await Task.WhenAll(outstanding).ConfigureAwait(false);
            if (association.IsAlive)
            {
                await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

}
