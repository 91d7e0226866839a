namespace DicomHub.Network.Dimse;

/// <summary>The status classes of PS3.7 Annex C.</summary>
public enum DimseStatusCategory
{
    Success,
    Pending,
    Cancel,
    Warning,
    Failure,
}
