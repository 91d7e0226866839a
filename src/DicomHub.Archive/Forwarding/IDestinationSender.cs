using DicomHub.Archive.Destinations;
using DicomHub.Dicom.Data.Buffers;

namespace DicomHub.Archive.Forwarding;

/// <summary>One instance to send: the queue item it belongs to and the Part 10 object the blob store holds (read by range).</summary>
public sealed record OutboundInstance(long ItemId, string SopInstanceUid, IByteRangeSource Content, long Length);

public enum SendOutcomeKind
{
    /// <summary>The destination said it stored the instance (success or warning).</summary>
    Acknowledged,

    /// <summary>No answer (remote down, connection lost, server error): try again later.</summary>
    Transient,

    /// <summary>The destination refused the instance itself: trying again would get the same answer.</summary>
    Permanent,

    /// <summary>
    /// The destination refused it as a duplicate SOP Instance UID (0111). After an attempt whose answer was
    /// lost this is our own earlier copy, so it counts as delivered; on a first attempt it is a refusal.
    /// </summary>
    Duplicate,
}

public sealed record SendOutcome(long ItemId, SendOutcomeKind Kind, string? Message);

/// <summary>Sends instances to a destination by one protocol and says, per instance, what the remote answered.</summary>
public interface IDestinationSender
{
    DestinationProtocol Protocol { get; }

    /// <summary>One outcome per instance. Throws only for cancellation; transport failures are Transient outcomes.</summary>
    Task<IReadOnlyList<SendOutcome>> SendAsync(Destination destination, IReadOnlyList<OutboundInstance> instances, CancellationToken cancellationToken);
}
