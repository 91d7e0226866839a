namespace DicomHub.Network.Association;

/// <summary>The states of the DICOM upper layer state machine (PS3.8 Table 9-1).</summary>
public enum AssociationState
{
    /// <summary>Idle.</summary>
    Sta1 = 1,

    /// <summary>Transport connection open, awaiting A-ASSOCIATE-RQ (ARTIM running).</summary>
    Sta2,

    /// <summary>Awaiting the local A-ASSOCIATE response primitive.</summary>
    Sta3,

    /// <summary>Awaiting transport connection opening to complete.</summary>
    Sta4,

    /// <summary>Awaiting A-ASSOCIATE-AC or -RJ.</summary>
    Sta5,

    /// <summary>Association established, ready for data transfer.</summary>
    Sta6,

    /// <summary>Awaiting A-RELEASE-RP.</summary>
    Sta7,

    /// <summary>Awaiting the local A-RELEASE response primitive.</summary>
    Sta8,

    /// <summary>Release collision, requestor side: awaiting the local A-RELEASE response.</summary>
    Sta9,

    /// <summary>Release collision, acceptor side: awaiting A-RELEASE-RP.</summary>
    Sta10,

    /// <summary>Release collision, requestor side: awaiting A-RELEASE-RP.</summary>
    Sta11,

    /// <summary>Release collision, acceptor side: awaiting the local A-RELEASE response.</summary>
    Sta12,

    /// <summary>Awaiting transport connection close (ARTIM running).</summary>
    Sta13,
}

/// <summary>The events of PS3.8 Table 9-2 (primitives from the local user, PDUs from the peer, transport and timer).</summary>
public enum AssociationEvent
{
    AssociateRequestPrimitive = 1,
    TransportConnectConfirm = 2,
    AssociateAcReceived = 3,
    AssociateRjReceived = 4,
    TransportConnectIndication = 5,
    AssociateRqReceived = 6,
    AssociateAcceptPrimitive = 7,
    AssociateRejectPrimitive = 8,
    DataPrimitive = 9,
    DataReceived = 10,
    ReleaseRequestPrimitive = 11,
    ReleaseRqReceived = 12,
    ReleaseRpReceived = 13,
    ReleaseResponsePrimitive = 14,
    AbortPrimitive = 15,
    AbortReceived = 16,
    TransportClosed = 17,
    ArtimExpired = 18,
    InvalidPduReceived = 19,
}

/// <summary>What the state machine tells the association to do for an event (PS3.8 Tables 9-6 to 9-9, grouped).</summary>
public enum AssociationAction
{
    /// <summary>Perform the event's normal action (send the PDU, issue the indication...).</summary>
    Proceed,

    /// <summary>AA-1/AA-8: send A-ABORT, start ARTIM, wait for the peer to close.</summary>
    SendAbort,

    /// <summary>AA-2/AA-3/AA-4/AA-5/AR-3/AR-5: close (or note the closed) transport connection; back to idle.</summary>
    CloseTransport,

    /// <summary>AA-6/AA-7: ignore the PDU (we already sent an abort/reject/release response and wait for close).</summary>
    Ignore,
}
