using DicomHub.Archive.Registry;

namespace DicomHub.Archive.Forwarding;

public enum TransferItemState
{
    /// <summary>Not yet acknowledged by the destination: sent (again) when due.</summary>
    Pending,

    /// <summary>The destination acknowledged it (stored, or stored with a warning); never sent again.</summary>
    Done,

    /// <summary>Refused for good (the destination rejected it, it left the archive, or attempts ran out).</summary>
    Failed,
}

/// <summary>One instance to send for a job.</summary>
public sealed record TransferInstance(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid);

/// <summary>What to enqueue: the scope asked for (for the job's status), the instances it expanded to, and who asked.</summary>
/// <param name="Origin">"export" for an explicit request, "rule N" for a forwarding rule: shown in the job status.</param>
public sealed record TransferRequest(string Destination, InstanceScope Scope, string Origin, IReadOnlyList<TransferInstance> Instances);

/// <summary>A pending item the worker picked up.</summary>
public sealed record TransferItem(long Id, long JobId, string Destination, TransferInstance Instance, int Attempts);

/// <summary>The worker's verdict on one item after a send.</summary>
/// <param name="NextAttempt">When a still-pending item is due again.</param>
public sealed record TransferItemUpdate(long ItemId, TransferItemState State, int Attempts, string? Error, DateTimeOffset NextAttempt);

public sealed record TransferFailure(string SopInstanceUid, string Error);

/// <summary>A job's progress as the status endpoint shows it.</summary>
public sealed record TransferJobStatus(
    long Id,
    string Destination,
    InstanceScope Scope,
    string Origin,
    DateTimeOffset Created,
    int Total,
    int Done,
    int Failed,
    int Pending,
    int Attempts,
    string? LastError,
    IReadOnlyList<TransferFailure> Failures)
{
    /// <summary>"pending" while anything is left to send, then "completed" or "failed" (some items refused for good).</summary>
    public string State => Pending > 0 ? "pending" : Failed > 0 ? "failed" : "completed";

    public bool IsFinished => Pending == 0;
}
