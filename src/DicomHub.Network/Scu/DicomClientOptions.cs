using DicomHub.Network.Association;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Scu;

/// <summary>How the SCU associates: our AE title, the async window we ask for, upper-layer settings.</summary>
public sealed record DicomClientOptions
{
    public string CallingAeTitle { get; init; } = "DICOMHUB";

    /// <summary>Requests we keep outstanding without waiting for responses (PS3.7 D.3.3.3); the peer may grant fewer.</summary>
    public ushort AsyncOperationsWindow { get; init; } = 1;

    public DicomNetworkOptions Network { get; init; } = new();

    public UserIdentityRequestItem? UserIdentity { get; init; }
}
