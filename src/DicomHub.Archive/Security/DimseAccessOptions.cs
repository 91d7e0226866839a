using System.Net;

namespace DicomHub.Archive.Security;

/// <summary>The DIMSE services a peer may be allowed, one by one (Security:Dimse:Peers:AE:Services).</summary>
public enum DimseService
{
    Store,
    Find,
    Move,
    Get,
}

/// <summary>
/// What DIMSE peers may do (section "Security:Dimse"). <see cref="Peers"/> is keyed by calling AE title: its
/// roles, the services it may use (the per-service allow-list), the addresses it must come from and the
/// destinations it may name in a C-MOVE. A calling AE title not listed is anonymous: refused once any
/// credential is configured, unless Security:AllowAnonymous. A peer that negotiates a user identity (PS3.7
/// D.3.3.7) that checks out (a username with an API key as passcode, or a JWT) gets that identity's roles.
/// </summary>
public sealed class DimseAccessOptions
{
    /// <summary>Refuse associations that bring no verifiable user identity (except from peers that are exempted).</summary>
    public bool RequireUserIdentity { get; set; }

    /// <summary>Known peers by calling AE title (case-sensitive, as PS3.5 compares AE titles).</summary>
    public Dictionary<string, DimsePeerOptions> Peers { get; set; } = new(StringComparer.Ordinal);

    public bool HasPeers => Peers.Count > 0;

    /// <summary>The entry of <paramref name="callingAeTitle"/>, if the peer is known.</summary>
    public DimsePeerOptions? Peer(string callingAeTitle) => Peers.TryGetValue(callingAeTitle.Trim(), out var peer) ? peer : null;

    internal void Validate(RoleCatalog roles, List<string> errors)
    {
        foreach (var (ae, peer) in Peers)
        {
            var section = $"{SecurityOptions.SectionName}:Dimse:Peers:{ae}";
            if (ae.Trim().Length is 0 or > 16)
            {
                errors.Add($"{section}: an AE title has 1 to 16 characters.");
            }

            if (peer.Roles.Length == 0)
            {
                errors.Add($"{section}:Roles is empty: give the peer its roles, e.g. [\"write\"] for a modality, [\"read\"] for a workstation.");
            }

            roles.Check(peer.Roles, $"{section}:Roles", errors);
            foreach (var service in peer.Services ?? [])
            {
                if (!Enum.TryParse<DimseService>(service, ignoreCase: true, out _))
                {
                    errors.Add($"{section}:Services has '{service}': use store, find, move or get.");
                }
            }

            foreach (var address in peer.Addresses)
            {
                if (!AddressRange.TryParse(address, out _))
                {
                    errors.Add($"{section}:Addresses has '{address}': write an IP address (10.0.0.7) or a network (10.0.0.0/24).");
                }
            }
        }
    }
}

/// <summary>One known DIMSE peer (Security:Dimse:Peers:AE).</summary>
public sealed class DimsePeerOptions
{
    /// <summary>The peer's roles when it brings no verified user identity: "write" for a modality, "read" for a viewer.</summary>
    public string[] Roles { get; set; } = [];

    /// <summary>The DIMSE services it may use (store, find, move, get; C-ECHO is always answered); null: every service its roles allow.</summary>
    public string[]? Services { get; set; }

    /// <summary>Addresses or networks (CIDR) it must connect from; empty: any address.</summary>
    public string[] Addresses { get; set; } = [];

    /// <summary>AE titles it may name as C-MOVE destination ("*": any configured destination); null: only itself. Callers that are no listed peer may name any configured destination.</summary>
    public string[]? MoveDestinations { get; set; }

    /// <summary>Refuse the peer's associations that bring no verifiable user identity.</summary>
    public bool RequireUserIdentity { get; set; }

    // An AE-title-to-certificate binding (DICOM TLS) belongs here: the certificate subject or thumbprint the peer
    // must present, checked against AssociationRequest.PeerCertificate by the association authenticator.

    public bool AllowsService(DimseService service) =>
        Services is null || Services.Any(s => Enum.TryParse<DimseService>(s, ignoreCase: true, out var allowed) && allowed == service);

    public bool AllowsAddress(IPAddress? address) =>
        Addresses.Length == 0 || (address is not null && Addresses.Any(a => AddressRange.TryParse(a, out var range) && range.Contains(address)));

    public bool AllowsMoveDestination(string callingAeTitle, string destination) => MoveDestinations is null
        ? string.Equals(callingAeTitle.Trim(), destination.Trim(), StringComparison.Ordinal)
        : MoveDestinations.Any(d => d == "*" || string.Equals(d.Trim(), destination.Trim(), StringComparison.Ordinal));
}
