namespace DicomHub.Network.Pdus;

/// <summary>
/// A PDU that does not follow PS3.8 9.3: wrong lengths, unknown mandatory items, truncated fields.
/// The association answers it with an A-ABORT (PS3.8 9.2: unrecognised or invalid PDU).
/// </summary>
public sealed class PduFormatException(string message, AbortReason reason = AbortReason.InvalidParameterValue) : Exception(message)
{
    /// <summary>The provider reason the A-ABORT sent in reply should carry.</summary>
    public AbortReason Reason { get; } = reason;
}
