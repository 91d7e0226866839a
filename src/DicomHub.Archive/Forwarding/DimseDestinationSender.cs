using DicomHub.Archive.Destinations;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Scu;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Forwarding;

/// <summary>
/// C-STORE to a dicom:// destination through the network layer's <see cref="DicomStoreSender"/>: one
/// association per batch, an asynchronous window of outstanding requests, the stored bytes sent as they are
/// (converted only if the peer refuses their transfer syntax).
/// </summary>
public sealed class DimseDestinationSender(string callingAeTitle, ForwardingOptions options, IDatasetTranscoder transcoder, ILogger<DimseDestinationSender>? logger = null) : IDestinationSender
{
    private readonly ILogger _logger = logger ?? NullLogger<DimseDestinationSender>.Instance;

    public DestinationProtocol Protocol => DestinationProtocol.Dimse;

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(Destination destination, IReadOnlyList<OutboundInstance> instances, CancellationToken cancellationToken)
    {
        var outcomes = new List<SendOutcome>(instances.Count);
        var items = new List<DicomStoreItem>(instances.Count);
        var itemIds = new Dictionary<DicomStoreItem, long>();
        foreach (var instance in instances)
        {
            DicomStoreItem? item;
            try
            {
                item = await DicomStoreItem.FromRangesAsync(instance.Content, instance.Length, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // FileNotFoundException (a blob deleted meanwhile) is an IOException too: try again later, when the
                // worker finds the instance gone and fails the item.
                outcomes.Add(new SendOutcome(instance.ItemId, SendOutcomeKind.Transient, $"The stored blob {instance.Content.Name} could not be read: {e.Message}"));
                continue;
            }

            if (item is null)
            {
                outcomes.Add(new SendOutcome(instance.ItemId, SendOutcomeKind.Permanent, $"The stored blob {instance.Content.Name} is not DICOM Part 10; it cannot be sent."));
                continue;
            }

            items.Add(item);
            itemIds[item] = instance.ItemId;
        }

        if (items.Count == 0)
        {
            return outcomes;
        }

        var clientOptions = new DicomClientOptions
        {
            CallingAeTitle = callingAeTitle,
            AsyncOperationsWindow = (ushort)Math.Clamp(options.DimseWindow, 1, ushort.MaxValue),
            Network = new DicomNetworkOptions { DimseTimeout = options.DimseTimeout > TimeSpan.Zero ? options.DimseTimeout : TimeSpan.FromMinutes(2) },
        };
        var sender = new DicomStoreSender(destination.Node!, clientOptions, associations: 1, transcoder: transcoder, logger: _logger);
        var results = await sender.SendAsync(items, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            outcomes.Add(new SendOutcome(itemIds[result.Item], Classify(result), result.IsSuccess ? null : $"C-STORE to {destination.Name} ({destination}): {result.Reason}"));
        }

        return outcomes;
    }

    /// <summary>
    /// The peer's own failure status is final (A7xx out of resources, A9xx data set does not match, Cxxx cannot
    /// understand: sending the same bytes again gets the same answer), except a generic processing failure
    /// (0110), which a restarting archive also answers with. No status at all (not associated, aborted,
    /// timed out) means the peer never took the instance: try again.
    /// </summary>
    internal static SendOutcomeKind Classify(CStoreResult result)
    {
        if (result.Failure is not null)
        {
            return SendOutcomeKind.Transient;
        }

        if (result.Status.IsSuccess || result.Status.IsWarning)
        {
            return SendOutcomeKind.Acknowledged;
        }

        if (result.Status.Code == DimseStatus.DuplicateSopInstance.Code)
        {
            return SendOutcomeKind.Duplicate;
        }

        return result.Status.Code == DimseStatus.ProcessingFailure.Code || result.Status.Category == DimseStatusCategory.Cancel
            ? SendOutcomeKind.Transient
            : SendOutcomeKind.Permanent;
    }
}
