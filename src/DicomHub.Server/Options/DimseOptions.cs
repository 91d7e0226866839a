namespace DicomHub.Server.Options;

/// <summary>The DIMSE listener (configuration section "Dimse").</summary>
public sealed class DimseOptions
{
    public const string SectionName = "Dimse";

    public bool Enabled { get; set; } = true;

    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; } = 11112;

    public string AeTitle { get; set; } = "DICOMHUB";

    /// <summary>Calling AE titles accepted; empty accepts any.</summary>
    public string[] AllowedCallingAeTitles { get; set; } = [];

    /// <summary>
    /// C-STORE sub-operations of a C-MOVE kept outstanding on the association to the move destination, when the
    /// destination negotiates asynchronous operations (PS3.7 D.3.3.3); 1 sends each after the last response.
    /// </summary>
    public ushort MoveAsyncWindow { get; set; } = 16;
}
