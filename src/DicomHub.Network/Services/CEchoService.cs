using DicomHub.Network.Dimse;

namespace DicomHub.Network.Services;

/// <summary>The verification service: C-ECHO-RQ in, C-ECHO-RSP out.</summary>
public sealed class CEchoService(ICEchoHandler handler) : IDimseService
{
    public DimseCommandField RequestField => DimseCommandField.CEchoRequest;

    public bool SupportsSopClass(string sopClassUid) => sopClassUid == DicomUids.Verification;

    public async Task HandleAsync(DimseRequest request, IDimseResponder responder, CancellationToken cancellationToken)
    {
        var status = await handler.EchoAsync(request.Association, cancellationToken).ConfigureAwait(false);
        await responder.SendAsync(DimseCommand.CreateResponse(request.Command, status), null, cancellationToken).ConfigureAwait(false);
    }
}
