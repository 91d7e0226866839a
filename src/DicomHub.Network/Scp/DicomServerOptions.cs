using System.Net;
using DicomHub.Network.Association;

namespace DicomHub.Network.Scp;

/// <summary>Where the SCP listens, what it accepts, and how many associations it serves at once.</summary>
public sealed record DicomServerOptions
{
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>TCP port; 0 picks a free one (see <see cref="DicomServer.Port"/>).</summary>
    public int Port { get; init; } = 11112;

    public AcceptancePolicy Policy { get; init; } = new();

    /// <summary>Checks each peer (calling AE title, address, user identity) before its association is accepted; null accepts any peer the policy does.</summary>
    public IAssociationAuthenticator? Authenticator { get; init; }

    public DicomNetworkOptions Network { get; init; } = new();

    /// <summary>Associations served at once; more are rejected with "local limit exceeded" (transient).</summary>
    public int MaxAssociations { get; init; } = 100;
}
