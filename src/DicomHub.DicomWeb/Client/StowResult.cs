namespace DicomHub.DicomWeb.Client;

public enum StowInstanceStatus
{
    Stored,
    StoredWithWarning,
    Failed,
}

/// <summary>What the server (or the client, for a file it could not send) said about one instance.</summary>
public sealed record StowInstanceResult(
    string? File,
    string? SopClassUid,
    string? SopInstanceUid,
    StowInstanceStatus Status,
    int? ReasonCode,
    string? Reason,
    string? RetrieveUrl = null);

/// <summary>One STOW-RS request: the files it carried, the HTTP answer and each instance's outcome.</summary>
public sealed record StowRequestResult(
    int FileCount,
    long BytesSent,
    int? HttpStatus,
    string? Error,
    IReadOnlyList<StowInstanceResult> Instances);

/// <summary>All requests of one store operation.</summary>
public sealed class StowResult(IReadOnlyList<StowRequestResult> requests)
{
    public IReadOnlyList<StowRequestResult> Requests { get; } = requests;

    public IEnumerable<StowInstanceResult> Instances => Requests.SelectMany(r => r.Instances);

    public int Stored => Instances.Count(i => i.Status == StowInstanceStatus.Stored);

    public int Warnings => Instances.Count(i => i.Status == StowInstanceStatus.StoredWithWarning);

    public int Failed => Instances.Count(i => i.Status == StowInstanceStatus.Failed);

    public long BytesSent => Requests.Sum(r => r.BytesSent);
}

/// <summary>How to send: one streamed request by default, or batches of files over parallel requests.</summary>
public sealed class StowOptions
{
    /// <summary>Files per request; 0 sends them all in one request.</summary>
    public int BatchSize { get; init; }

    /// <summary>Requests in flight at once when batching.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>POST to /studies/{uid}: the server rejects instances of other studies.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Called (from any thread) after each file has been written to a request.</summary>
    public Action<string, long>? FileSent { get; init; }
}
