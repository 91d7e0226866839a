using DicomHub.Network.Association;
using DicomHub.Network.Dimse;

namespace DicomHub.Network.Services;

/// <summary>Answers C-ECHO (verification, PS3.4 Annex A). The default answers Success.</summary>
public interface ICEchoHandler
{
    Task<DimseStatus> EchoAsync(AssociationInfo association, CancellationToken cancellationToken);
}

/// <summary>Always Success: if we can answer, we are alive.</summary>
public sealed class SuccessEchoHandler : ICEchoHandler
{
    public Task<DimseStatus> EchoAsync(AssociationInfo association, CancellationToken cancellationToken) => Task.FromResult(DimseStatus.Success);
}
