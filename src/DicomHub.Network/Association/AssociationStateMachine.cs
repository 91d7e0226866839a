namespace DicomHub.Network.Association;

/// <summary>
/// The upper layer state machine of PS3.8 9.2 (Table 9-10), reduced to what the association code needs:
/// the next state for each event and whether the event is legal there. Illegal PDUs lead to an A-ABORT
/// (AA-8), an illegal local primitive is a programming error.
/// </summary>
public sealed class AssociationStateMachine(bool isRequestor)
{
    private readonly Lock _gate = new();

    public AssociationState State { get; private set; } = AssociationState.Sta1;

    public bool IsRequestor { get; } = isRequestor;

    /// <summary>Established or releasing with data still allowed to flow (Sta6-Sta8).</summary>
    public bool CanTransferData => State is AssociationState.Sta6 or AssociationState.Sta7 or AssociationState.Sta8;

    /// <summary>Applies an event and returns the action; the state moves accordingly.</summary>
    public AssociationAction Fire(AssociationEvent e)
    {
        lock (_gate)
        {
            var (next, action) = Transition(State, e, IsRequestor);
            State = next;
            return action;
        }
    }

    internal static (AssociationState Next, AssociationAction Action) Transition(AssociationState state, AssociationEvent e, bool isRequestor)
    {
        // Events valid in every state first: the transport going away and A-ABORT either way.
        switch (e)
        {
            case AssociationEvent.TransportClosed:
                return (AssociationState.Sta1, AssociationAction.CloseTransport);
            case AssociationEvent.AbortReceived:
                return (AssociationState.Sta1, AssociationAction.CloseTransport);
            case AssociationEvent.ArtimExpired:
                return (AssociationState.Sta1, AssociationAction.CloseTransport);
            case AssociationEvent.AbortPrimitive:
                return state is AssociationState.Sta1 or AssociationState.Sta4
                    ? (AssociationState.Sta1, AssociationAction.CloseTransport)
                    : (AssociationState.Sta13, AssociationAction.SendAbort);
        }

        var isPdu = e is AssociationEvent.AssociateAcReceived or AssociationEvent.AssociateRjReceived or AssociationEvent.AssociateRqReceived
            or AssociationEvent.DataReceived or AssociationEvent.ReleaseRqReceived or AssociationEvent.ReleaseRpReceived or AssociationEvent.InvalidPduReceived;

        (AssociationState, AssociationAction)? legal = (state, e) switch
        {
            (AssociationState.Sta1, AssociationEvent.AssociateRequestPrimitive) => (AssociationState.Sta4, AssociationAction.Proceed),
            (AssociationState.Sta1, AssociationEvent.TransportConnectIndication) => (AssociationState.Sta2, AssociationAction.Proceed),
            (AssociationState.Sta2, AssociationEvent.AssociateRqReceived) => (AssociationState.Sta3, AssociationAction.Proceed),
            (AssociationState.Sta3, AssociationEvent.AssociateAcceptPrimitive) => (AssociationState.Sta6, AssociationAction.Proceed),
            (AssociationState.Sta3, AssociationEvent.AssociateRejectPrimitive) => (AssociationState.Sta13, AssociationAction.Proceed),
            (AssociationState.Sta4, AssociationEvent.TransportConnectConfirm) => (AssociationState.Sta5, AssociationAction.Proceed),
            (AssociationState.Sta5, AssociationEvent.AssociateAcReceived) => (AssociationState.Sta6, AssociationAction.Proceed),
            (AssociationState.Sta5, AssociationEvent.AssociateRjReceived) => (AssociationState.Sta1, AssociationAction.CloseTransport),
            (AssociationState.Sta6, AssociationEvent.DataPrimitive) => (AssociationState.Sta6, AssociationAction.Proceed),
            (AssociationState.Sta6, AssociationEvent.DataReceived) => (AssociationState.Sta6, AssociationAction.Proceed),
            (AssociationState.Sta6, AssociationEvent.ReleaseRequestPrimitive) => (AssociationState.Sta7, AssociationAction.Proceed),
            (AssociationState.Sta6, AssociationEvent.ReleaseRqReceived) => (AssociationState.Sta8, AssociationAction.Proceed),

            // AR-6: data may still arrive after we asked for release (the peer had it in flight).
            (AssociationState.Sta7, AssociationEvent.DataReceived) => (AssociationState.Sta7, AssociationAction.Proceed),
            (AssociationState.Sta7, AssociationEvent.ReleaseRpReceived) => (AssociationState.Sta1, AssociationAction.CloseTransport),

            // AR-8: release collision; the requestor answers first, the acceptor waits for its RP.
            (AssociationState.Sta7, AssociationEvent.ReleaseRqReceived) => (isRequestor ? AssociationState.Sta9 : AssociationState.Sta10, AssociationAction.Proceed),

            // AR-7: the side that received the RQ may still send data before answering.
            (AssociationState.Sta8, AssociationEvent.DataPrimitive) => (AssociationState.Sta8, AssociationAction.Proceed),
            (AssociationState.Sta8, AssociationEvent.ReleaseResponsePrimitive) => (AssociationState.Sta13, AssociationAction.Proceed),
            (AssociationState.Sta9, AssociationEvent.ReleaseResponsePrimitive) => (AssociationState.Sta11, AssociationAction.Proceed),
            (AssociationState.Sta10, AssociationEvent.ReleaseRpReceived) => (AssociationState.Sta12, AssociationAction.Proceed),
            (AssociationState.Sta11, AssociationEvent.ReleaseRpReceived) => (AssociationState.Sta1, AssociationAction.CloseTransport),
            (AssociationState.Sta12, AssociationEvent.ReleaseResponsePrimitive) => (AssociationState.Sta13, AssociationAction.Proceed),
            _ => null,
        };

        if (legal is { } transition)
        {
            return transition;
        }

        if (isPdu)
        {
            // AA-6/AA-7 in Sta13: ignore; anywhere else an unexpected or invalid PDU aborts (AA-1/AA-8).
            return state == AssociationState.Sta13
                ? (AssociationState.Sta13, AssociationAction.Ignore)
                : (AssociationState.Sta13, AssociationAction.SendAbort);
        }

        throw new InvalidOperationException($"Association primitive {e} is not allowed in state {state} (PS3.8 Table 9-10).");
    }
}
