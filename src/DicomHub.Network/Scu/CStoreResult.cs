using DicomHub.Dicom.Data;
using DicomHub.Network.Dimse;

namespace DicomHub.Network.Scu;

/// <summary>What happened to one instance: the peer's status, or why it never got one.</summary>
public sealed record CStoreResult(DicomStoreItem Item, DimseStatus Status, TransferSyntax? SentAs, string? Failure = null)
{
    public bool IsSuccess => Failure is null && Status.IsSuccess;

    public bool IsWarning => Failure is null && Status.IsWarning;

    public bool IsFailure => Failure is not null || Status.IsFailure || Status.Category == DimseStatusCategory.Cancel;

    /// <summary>A one-line reason for a failed or warned instance.</summary>
    public string Reason => Failure ?? Status.ToString();
}
