namespace DicomHub.Server.Hosting;

/// <summary>What /healthz reports: each part flips to ready once it has started.</summary>
public sealed class ReadinessState
{
    private volatile bool _registryReady;
    private volatile string _dimse = "starting";

    public bool RegistryReady => _registryReady;

    /// <summary>"ready", "disabled", "starting", "unavailable: why" — the DIMSE listener's state.</summary>
    public string DimseState => _dimse;

    public int? DimsePort { get; private set; }

    public bool IsReady => _registryReady && _dimse is "ready" or "disabled";

    public void MarkRegistryReady() => _registryReady = true;

    public void SetDimse(string state, int? port = null)
    {
        DimsePort = port ?? DimsePort;
        _dimse = state;
    }
}
