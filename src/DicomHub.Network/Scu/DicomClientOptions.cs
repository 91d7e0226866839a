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

    /// <summary>SCP/SCU Role Selection items to propose (PS3.7 D.3.3.4): SCP role for the storage SOP classes a C-GET brings back.</summary>
    public IReadOnlyList<RoleSelectionItem> RoleSelections { get; init; } = [];

    /// <summary>Receives the C-STORE sub-operations of a C-GET on this association; null refuses them.</summary>
    public Services.ICStoreHandler? StoreHandler { get; init; }
}
