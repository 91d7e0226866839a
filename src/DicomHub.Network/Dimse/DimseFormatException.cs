namespace DicomHub.Network.Dimse;

/// <summary>A DIMSE message that cannot be understood: malformed command set, fragments out of order.</summary>
public sealed class DimseFormatException(string message) : Exception(message);
