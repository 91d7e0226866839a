using DicomHub.Network.Dimse;

namespace DicomHub.Network.Services;

/// <summary>
/// Lets an SCP-side service send requests of its own on the association it is serving and await their
/// responses: the C-STORE sub-operations of a C-GET travel back on the requestor's association (PS3.4 C.4.3).
/// </summary>
public interface IDimseRequester
{
    /// <summary>A Message ID for our own requests on this association (independent of the peer's IDs).</summary>
    ushort NextMessageId();

    /// <summary>Sends <paramref name="request"/> on <paramref name="contextId"/> and completes with the peer's final response.</summary>
    Task<DimseCommand> SendRequestAsync(byte contextId, DimseCommand request, Stream? dataset, CancellationToken cancellationToken);
}
