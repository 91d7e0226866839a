using System.Net;
using System.Net.Sockets;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;
using DicomHub.Network.Services;
using Microsoft.Extensions.Logging;

namespace DicomHub.Network.Scp;

/// <summary>
/// One incoming association, from TCP accept to close: ARTIM while waiting for the A-ASSOCIATE-RQ,
/// negotiation against the policy, then the DIMSE loop.
/// </summary>
internal sealed class ScpAssociation(Socket socket, DicomServerOptions options, DimseServiceRegistry services, bool overLimit, ILogger logger)
{
    public EndPoint? RemoteEndPoint { get; } = socket.RemoteEndPoint;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var channel = new PduChannel(socket, options.Network);
        var state = new AssociationStateMachine(isRequestor: false);
        state.Fire(AssociationEvent.TransportConnectIndication);
        AssociationConnection? connection = null;
        try
        {
            var request = await ReceiveRequestAsync(channel, state, cancellationToken).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            state.Fire(AssociationEvent.AssociateRqReceived);
            var result = overLimit
                ? new NegotiationResult(null, new AAssociateRj(RejectResult.Transient, RejectSource.ServiceProviderPresentation, RejectReason.PresentationLocalLimitExceeded), null,
                    $"already serving {options.MaxAssociations} associations: raise the association limit or let the caller retry later.")
                : AssociationNegotiator.CheckRequest(request, options.Policy)
                    ?? AssociationNegotiator.Negotiate(request, options.Policy, SupportsSopClass, options.Network, RemoteEndPoint, await AuthenticateAsync(request, cancellationToken).ConfigureAwait(false));

            if (result.Reject is { } reject)
            {
                logger.LogWarning("Rejected association from '{Calling}' at {Peer} to '{Called}': {Cause}", request.CallingAeTitle, RemoteEndPoint, request.CalledAeTitle, result.RejectCause);
                state.Fire(AssociationEvent.AssociateRejectPrimitive);
                await channel.SendAsync(reject, cancellationToken).ConfigureAwait(false);
                await channel.CloseGracefullyAsync(options.Network.ArtimTimeout).ConfigureAwait(false);
                return;
            }

            state.Fire(AssociationEvent.AssociateAcceptPrimitive);
            await channel.SendAsync(result.Accept!, cancellationToken).ConfigureAwait(false);
            var info = result.Info!;
            logger.LogInformation("Association accepted: {Association}, {Accepted}/{Proposed} contexts, window {Window}, peer max PDU {MaxPdu}",
                info, info.AcceptedContexts.Count(), info.PresentationContexts.Count, info.AsyncOperationsWindow, info.PeerMaxPduLength);
            connection = new AssociationConnection(channel, state, info, logger);
            var handler = new ScpMessageHandler(connection, services, logger);
            await connection.RunAsync(handler, options.Network.DimseTimeout, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Association released: {Association}", info);
        }
        catch (AssociationAbortedException e)
        {
            logger.LogDebug("Association from {Peer} aborted: {Message}", RemoteEndPoint, e.Message);
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            await channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool SupportsSopClass(string sopClass) => services.SupportsSopClass(sopClass);

    private async ValueTask<AssociationAuthentication?> AuthenticateAsync(AAssociateRq request, CancellationToken cancellationToken) =>
        options.Authenticator is { } authenticator
            ? await authenticator.AuthenticateAsync(new AssociationRequest(request.CallingAeTitle, request.CalledAeTitle, RemoteEndPoint, request.UserInformation.UserIdentityRequest), cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>Sta2: the first PDU must be an A-ASSOCIATE-RQ within ARTIM; anything else is aborted (AA-1).</summary>
    private async Task<AAssociateRq?> ReceiveRequestAsync(PduChannel channel, AssociationStateMachine state, CancellationToken cancellationToken)
    {
        try
        {
            using var received = await channel.ReceiveAsync(options.Network.MaxPduLength, options.Network.ArtimTimeout, cancellationToken).ConfigureAwait(false);
            if (received is null)
            {
                logger.LogDebug("{Peer} connected and closed without a request.", RemoteEndPoint);
                return null;
            }

            if (received.Pdu is AAssociateRq request)
            {
                return request;
            }

            logger.LogWarning("{Peer} sent {Pdu} instead of A-ASSOCIATE-RQ: aborting.", RemoteEndPoint, received.Pdu.Type);
            await AbortAsync(channel, state, AbortReason.UnexpectedPdu, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (PduFormatException e)
        {
            logger.LogWarning("Malformed PDU from {Peer} while waiting for A-ASSOCIATE-RQ: {Message}. Aborting.", RemoteEndPoint, e.Message);
            await AbortAsync(channel, state, e.Reason, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (TimeoutException)
        {
            logger.LogWarning("{Peer} sent no A-ASSOCIATE-RQ within the ARTIM timeout ({Seconds} s): closing.", RemoteEndPoint, options.Network.ArtimTimeout.TotalSeconds);
            state.Fire(AssociationEvent.ArtimExpired);
            return null;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            logger.LogDebug("{Peer} dropped the connection before associating: {Message}", RemoteEndPoint, e.Message);
            return null;
        }
    }

    private async Task AbortAsync(PduChannel channel, AssociationStateMachine state, AbortReason reason, CancellationToken cancellationToken)
    {
        state.Fire(AssociationEvent.InvalidPduReceived);
        try
        {
            await channel.SendAsync(new AAbort(AbortSource.ServiceProvider, reason), cancellationToken).ConfigureAwait(false);
            await channel.CloseGracefullyAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or ObjectDisposedException)
        {
        }
    }
}
