namespace DicomHub.Network.Association;

/// <summary>
/// Upper-layer settings shared by the SCU and the SCP: PDU size, Nagle, timeouts, implementation identity.
/// </summary>
public sealed record DicomNetworkOptions
{
    /// <summary>
    /// The largest P-DATA-TF variable field we accept (announced in our Maximum Length sub-item), and the
    /// cap we use for our own PDUs when the peer announces 0 (no limit). 64 KiB measured fastest on loopback
    /// for 512x512 16-bit CT (see docs/benchmark.md); DCMTK's default is 16 KiB.
    /// </summary>
    public uint MaxPduLength { get; init; } = DefaultMaxPduLength;

    public const uint DefaultMaxPduLength = 65536;

    /// <summary>Smallest maximum length we announce or honour: below this PDUs become absurdly small.</summary>
    public const uint MinimumPduLength = 1024;

    /// <summary>
    /// TCP_NODELAY. On by default: with Nagle and delayed ACKs every small response or command PDU can wait
    /// ~40 ms for the previous segment's ACK.
    /// </summary>
    public bool NoDelay { get; init; } = true;

    /// <summary>ARTIM (PS3.8 9.1.5): how long to wait for the A-ASSOCIATE-RQ after accepting a connection, and for the peer to close after a reject/release/abort.</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connecting and negotiating an association (TCP connect + RQ/AC exchange).</summary>
    public TimeSpan AssociationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the SCU waits for a DIMSE response once its request is sent, and the SCP for the next message.</summary>
    public TimeSpan DimseTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A single network read or write that makes no progress for this long aborts the association (a peer that stopped reading).</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Socket buffer sizes; 0 leaves the OS default (Linux autotunes).</summary>
    public int SocketBufferSize { get; init; }

    public string ImplementationClassUid { get; init; } = DicomImplementation.ClassUid;

    public string ImplementationVersionName { get; init; } = DicomImplementation.VersionName;

    /// <summary>The length we actually send P-DATA-TF with, given what the peer announced (0 = no limit).</summary>
    public uint SendPduLength(uint peerMaximum) =>
        peerMaximum == 0 ? Math.Max(MaxPduLength, MinimumPduLength) : Math.Max(peerMaximum, 16);
}
