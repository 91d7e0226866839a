using DicomHub.Archive.Blobs;
using DicomHub.Archive.Destinations;
using DicomHub.Archive.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Forwarding;

/// <summary>
/// Drains the transfer queue: for each destination with due items, takes a batch, sends it by the
/// destination's protocol, and records per item what the remote said. Acknowledged items are marked done
/// (and never sent again); a refusal is recorded as failed; no answer reschedules the item, and every other
/// pending item of that destination, after an exponentially growing delay, so a remote that is down is not
/// hammered and nothing is lost. All state is in the queue, so a restarted worker resumes where it stopped.
/// </summary>
public sealed class ForwardingWorker(
    ITransferQueue queue,
    IRegistry registry,
    IBlobStore blobs,
    DestinationCatalog destinations,
    IEnumerable<IDestinationSender> senders,
    ForwardingOptions options,
    TransferQueueSignal signal,
    TimeProvider? time = null,
    ILogger<ForwardingWorker>? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<ForwardingWorker>.Instance;
    private readonly Dictionary<DestinationProtocol, IDestinationSender> _senders = senders.ToDictionary(s => s.Protocol);

    /// <summary>Runs until cancelled, sleeping until the next item is due or a new job arrives; a failed round is logged and retried.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan? sleep;
            try
            {
                sleep = await RunOnceAsync(cancellationToken).ConfigureAwait(false) ? null : await SleepTimeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Say, the database is locked or the disk full: do not spin, wait as after an unanswered send.
                sleep = options.RetryDelay(1);
                _logger.LogError(e, "Forwarding round failed; trying again in {Delay}", sleep);
            }

            if (sleep is null)
            {
                continue;
            }

            try
            {
                await signal.WaitAsync(sleep.Value, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Sends one batch to every destination that has due items; false when nothing was due.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = await queue.DueDestinationsAsync(now, cancellationToken).ConfigureAwait(false);

        // Destinations in parallel: one that hangs until its DIMSE timeout does not hold up the others.
        await Task.WhenAll(due.Select(async name =>
        {
            var items = await queue.DueItemsAsync(name, now, options.BatchSize, cancellationToken).ConfigureAwait(false);
            if (items.Count > 0)
            {
                await SendBatchAsync(name, items, cancellationToken).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);

        return due.Count > 0;
    }

    private async Task<TimeSpan> SleepTimeAsync(CancellationToken cancellationToken)
    {
        var poll = options.PollInterval > TimeSpan.Zero ? options.PollInterval : TimeSpan.FromSeconds(30);
        var next = await queue.NextDueAsync(cancellationToken).ConfigureAwait(false);
        if (next is null)
        {
            return poll;
        }

        var wait = next.Value - _time.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(10) : wait < poll ? wait : poll;
    }

    private async Task SendBatchAsync(string destinationName, IReadOnlyList<TransferItem> items, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!destinations.TryGet(destinationName, out var destination) || !_senders.TryGetValue(destination.Protocol, out var sender))
        {
            var reason = $"Destination '{destinationName}' is no longer configured: add it to the Destinations section again, or export to another destination.";
            await queue.UpdateAsync([.. items.Select(i => new TransferItemUpdate(i.Id, TransferItemState.Failed, i.Attempts, reason, now))], cancellationToken).ConfigureAwait(false);
            return;
        }

        var updates = new List<TransferItemUpdate>(items.Count);
        var outbound = new List<OutboundInstance>(items.Count);
        foreach (var study in items.GroupBy(i => i.Instance.StudyInstanceUid))
        {
            var stored = (await registry.ResolveAsync(new InstanceScope(study.Key), cancellationToken).ConfigureAwait(false))
                .ToDictionary(s => s.SopInstanceUid, StringComparer.Ordinal);
            foreach (var item in study)
            {
                if (stored.TryGetValue(item.Instance.SopInstanceUid, out var instance)
                    && await blobs.GetLengthAsync(instance.BlobKey, cancellationToken).ConfigureAwait(false) is { } length)
                {
                    outbound.Add(new OutboundInstance(item.Id, item.Instance.SopInstanceUid, new BlobRangeSource(blobs, instance.BlobKey), length));
                }
                else
                {
                    updates.Add(new TransferItemUpdate(item.Id, TransferItemState.Failed, item.Attempts, "The instance was deleted from this archive before it could be sent.", now));
                }
            }
        }

        IReadOnlyList<SendOutcome> outcomes;
        try
        {
            outcomes = outbound.Count == 0 ? [] : await sender.SendAsync(destination, outbound, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A sender is not supposed to throw; if it does, nothing was acknowledged.
            _logger.LogWarning(e, "Sending {Count} instances to {Destination} failed", outbound.Count, destinationName);
            outcomes = [.. outbound.Select(o => new SendOutcome(o.ItemId, SendOutcomeKind.Transient, $"Sending to {destinationName} failed: {e.Message}"))];
        }

        var attemptsOf = items.ToDictionary(i => i.Id, i => i.Attempts);
        var retryAt = (DateTimeOffset?)null;
        foreach (var outcome in outcomes)
        {
            var attempts = attemptsOf[outcome.ItemId] + 1;
            switch (outcome.Kind)
            {
                case SendOutcomeKind.Acknowledged:
                    updates.Add(new TransferItemUpdate(outcome.ItemId, TransferItemState.Done, attempts, outcome.Message, now));
                    break;
                case SendOutcomeKind.Duplicate when attempts > 1:
                    // An earlier attempt got no answer, yet the remote has the instance: that attempt delivered it.
                    updates.Add(new TransferItemUpdate(outcome.ItemId, TransferItemState.Done, attempts, $"Already at the destination (delivered by an earlier attempt whose answer was lost): {outcome.Message}", now));
                    break;
                case SendOutcomeKind.Permanent:
                case SendOutcomeKind.Duplicate:
                    updates.Add(new TransferItemUpdate(outcome.ItemId, TransferItemState.Failed, attempts, outcome.Message, now));
                    break;
                default:
                    if (options.MaxAttempts > 0 && attempts >= options.MaxAttempts)
                    {
                        updates.Add(new TransferItemUpdate(outcome.ItemId, TransferItemState.Failed, attempts, $"Gave up after {attempts} attempts (Forwarding:MaxAttempts): {outcome.Message}", now));
                    }
                    else
                    {
                        var next = now + options.RetryDelay(attempts);
                        retryAt = retryAt is { } r && r > next ? r : next;
                        updates.Add(new TransferItemUpdate(outcome.ItemId, TransferItemState.Pending, attempts, outcome.Message, next));
                    }

                    break;
            }
        }

        // Recorded even if shutdown was requested meanwhile: the remote's answers must not be forgotten.
        await queue.UpdateAsync(updates, CancellationToken.None).ConfigureAwait(false);
        var done = updates.Count(u => u.State == TransferItemState.Done);
        if (retryAt is { } until)
        {
            // The destination did not answer: hold all its pending items, not just this batch, until the retry.
            await queue.DeferDestinationAsync(destinationName, until, CancellationToken.None).ConfigureAwait(false);
            _logger.LogWarning("Forwarding to {Destination}: {Done} of {Count} delivered; retrying the rest at {RetryAt:O}: {Error}",
                destinationName, done, items.Count, until, outcomes.First(o => o.Kind == SendOutcomeKind.Transient).Message);
        }
        else
        {
            _logger.LogInformation("Forwarding to {Destination}: {Done} of {Count} delivered", destinationName, done, items.Count);
        }
    }
}
