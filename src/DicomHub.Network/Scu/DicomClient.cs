using System.Net.Sockets;
using DicomHub.Network.Association;
using DicomHub.Network.Pdus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Network.Scu;

/// <summary>Opens associations to a DICOM peer (the association requestor side of PS3.8 9.2).</summary>
public static class DicomClient
{
    public static async Task<DicomClientAssociation> ConnectAsync(DicomNodeUri peer, IReadOnlyList<PresentationContextRequestItem> contexts, DicomClientOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var network = options.Network;
        var state = new AssociationStateMachine(isRequestor: true);
        state.Fire(AssociationEvent.AssociateRequestPrimitive);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(network.AssociationTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(peer.Host, peer.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new IOException($"Cannot connect to {peer}: {(e is OperationCanceledException ? "timed out" : e.Message)}. Check the host and port, and that the peer is running.", e);
        }

        state.Fire(AssociationEvent.TransportConnectConfirm);
        var channel = new PduChannel(socket, network);
        try
        {
            var request = BuildRequest(peer, contexts, options);
            await channel.SendAsync(request, timeout.Token).ConfigureAwait(false);
            ReceivedPdu? received;
            try
            {
                received = await channel.ReceiveAsync(network.MaxPduLength, network.AssociationTimeout, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{peer} did not answer the A-ASSOCIATE-RQ within {network.AssociationTimeout.TotalSeconds:0} s.");
            }

            using (received)
            {
                switch (received?.Pdu)
                {
                    case null:
                        throw new AssociationAbortedException($"{peer} closed the connection instead of answering the A-ASSOCIATE-RQ.");
                    case AAssociateRj reject:
                        state.Fire(AssociationEvent.AssociateRjReceived);
                        throw new AssociationRejectedException(reject, peer.AeTitle);
                    case AAbort abort:
                        state.Fire(AssociationEvent.AbortReceived);
                        throw new AssociationAbortedException($"{peer} aborted the association request ({abort}).");
                    case AAssociateAc accept:
                        state.Fire(AssociationEvent.AssociateAcReceived);
                        var info = BuildInfo(peer, channel, request, accept);
                        logger.LogDebug("Associated with {Peer}: {Accepted}/{Proposed} contexts, window {Window}, peer max PDU {MaxPdu}",
                            peer, info.AcceptedContexts.Count(), contexts.Count, info.AsyncOperationsWindow, info.PeerMaxPduLength);
                        return new DicomClientAssociation(new AssociationConnection(channel, state, info, logger), logger, options.StoreHandler);
                    default:
                        throw new AssociationAbortedException($"{peer} answered the A-ASSOCIATE-RQ with {received.Pdu.Type}.");
                }
            }
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static AAssociateRq BuildRequest(DicomNodeUri peer, IReadOnlyList<PresentationContextRequestItem> contexts, DicomClientOptions options)
    {
        var request = new AAssociateRq { CalledAeTitle = peer.AeTitle, CallingAeTitle = options.CallingAeTitle };
        request.PresentationContexts.AddRange(contexts);
        var user = request.UserInformation;
        user.MaximumLength = new MaximumLengthItem(options.Network.MaxPduLength);
        user.ImplementationClassUid = new ImplementationClassUidItem(options.Network.ImplementationClassUid);
        user.ImplementationVersionName = new ImplementationVersionNameItem(options.Network.ImplementationVersionName);
        if (options.AsyncOperationsWindow != 1)
        {
            // We invoke up to N operations and perform one at a time (we are the SCU).
            user.AsyncOperationsWindow = new AsyncOperationsWindowItem(options.AsyncOperationsWindow, 1);
        }

        user.UserIdentityRequest = options.UserIdentity;
        user.RoleSelections.AddRange(options.RoleSelections);
        return request;
    }

    private static AssociationInfo BuildInfo(DicomNodeUri peer, PduChannel channel, AAssociateRq request, AAssociateAc accept)
    {
        var contexts = new Dictionary<byte, PresentationContext>();
        foreach (var proposed in request.PresentationContexts)
        {
            var answer = accept.PresentationContexts.FirstOrDefault(c => c.Id == proposed.Id);
            var result = answer?.Result ?? PresentationContextResult.NoReason;
            var syntax = result == PresentationContextResult.Acceptance && answer is not null && proposed.TransferSyntaxes.Contains(answer.TransferSyntax) ? answer.TransferSyntax : null;
            contexts[proposed.Id] = new PresentationContext(proposed.Id, proposed.AbstractSyntax, proposed.TransferSyntaxes,
                syntax is null && result == PresentationContextResult.Acceptance ? PresentationContextResult.NoReason : result, syntax);
        }

        // The AC's window describes the acceptor: "performed" is how many of our requests it takes at once.
        var window = accept.UserInformation.AsyncOperationsWindow is { } w && request.UserInformation.AsyncOperationsWindow is { } asked
            ? Math.Max(1, Math.Min(w.MaxOperationsPerformed == 0 ? asked.MaxOperationsInvoked : w.MaxOperationsPerformed, asked.MaxOperationsInvoked == 0 ? int.MaxValue : asked.MaxOperationsInvoked))
            : 1;
        return new AssociationInfo
        {
            CallingAeTitle = request.CallingAeTitle,
            CalledAeTitle = request.CalledAeTitle,
            RemoteEndPoint = channel.RemoteEndPoint,
            PresentationContexts = contexts,
            PeerMaxPduLength = accept.UserInformation.MaximumLength?.MaximumLength ?? 0,
            AsyncOperationsWindow = window,
            PeerImplementationClassUid = accept.UserInformation.ImplementationClassUid?.Uid,
            PeerImplementationVersionName = accept.UserInformation.ImplementationVersionName?.Name,
            UserIdentity = request.UserInformation.UserIdentityRequest,
            RoleSelections = accept.UserInformation.RoleSelections,
        };
    }
}
