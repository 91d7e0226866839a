namespace DicomHub.Network.Pdus;

/// <summary>Who sent an A-ABORT (PS3.8 Table 9-26).</summary>
public enum AbortSource : byte
{
    ServiceUser = 0,
    Reserved = 1,
    ServiceProvider = 2,
}

/// <summary>Provider reasons of an A-ABORT (PS3.8 Table 9-26); user aborts carry 0.</summary>
public enum AbortReason : byte
{
    NotSpecified = 0,
    UnrecognizedPdu = 1,
    UnexpectedPdu = 2,
    Reserved = 3,
    UnrecognizedPduParameter = 4,
    UnexpectedPduParameter = 5,
    InvalidParameterValue = 6,
}
