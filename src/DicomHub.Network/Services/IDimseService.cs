using DicomHub.Network.Dimse;

namespace DicomHub.Network.Services;

/// <summary>
/// One DIMSE service on the SCP side, keyed by its request command field. C-ECHO and C-STORE are built in
/// (<see cref="CEchoService"/>, <see cref="CStoreService"/>); C-FIND, C-MOVE and C-GET services drop in by
/// implementing this (they may send any number of pending responses through the responder).
/// </summary>
public interface IDimseService
{
    DimseCommandField RequestField { get; }

    /// <summary>Whether presentation contexts for this SOP class are accepted on behalf of this service.</summary>
    bool SupportsSopClass(string sopClassUid);

    /// <summary>
    /// Performs one request. The data set (if the request has one) is a stream read straight off the
    /// network; read it to the end or not at all. Must send the final response through <paramref name="responder"/>.
    /// </summary>
    Task HandleAsync(DimseRequest request, IDimseResponder responder, CancellationToken cancellationToken);
}

/// <summary>Sends responses for the request being handled, on the request's presentation context.</summary>
public interface IDimseResponder
{
    Task SendAsync(DimseCommand response, Stream? dataset, CancellationToken cancellationToken);
}
