using System.Net;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Association;

/// <summary>What both sides agreed on: AE titles, presentation contexts, PDU sizes, async window, identity.</summary>
public sealed class AssociationInfo
{
    public required string CallingAeTitle { get; init; }

    public required string CalledAeTitle { get; init; }

    public EndPoint? RemoteEndPoint { get; init; }

    public required IReadOnlyDictionary<byte, PresentationContext> PresentationContexts { get; init; }

    /// <summary>The peer's Maximum Length: our P-DATA-TF must not exceed it (0 = no limit).</summary>
    public uint PeerMaxPduLength { get; init; }

    /// <summary>How many requests the requestor may have outstanding (the acceptor's "operations performed").</summary>
    public int AsyncOperationsWindow { get; init; } = 1;

    public string? PeerImplementationClassUid { get; init; }

    public string? PeerImplementationVersionName { get; init; }

    public UserIdentityRequestItem? UserIdentity { get; init; }

    public IReadOnlyList<RoleSelectionItem> RoleSelections { get; init; } = [];

    /// <summary>What the SCP's authenticator decided about the peer (null when the SCP has none).</summary>
    public AssociationAuthentication? Authentication { get; init; }

    public IEnumerable<PresentationContext> AcceptedContexts => PresentationContexts.Values.Where(c => c.IsAccepted);

    public override string ToString() => $"{CallingAeTitle} -> {CalledAeTitle} ({RemoteEndPoint})";
}
