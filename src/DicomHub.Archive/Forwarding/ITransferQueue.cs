namespace DicomHub.Archive.Forwarding;

/// <summary>
/// The durable outbound queue. Everything the worker needs to resume after a restart lives here: an item
/// stays pending until the destination acknowledged it, and an acknowledged item is never handed out again.
/// One worker per archive process drains it, so an item is not leased: a crash mid-send leaves it pending and
/// it is sent again (the destination sees the same SOP Instance UID, which a store treats as a duplicate).
/// </summary>
public interface ITransferQueue
{
    /// <summary>Creates the queue's storage when missing; called once at start, after the registry's initialisation.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a job and one pending item per instance, due now; returns the job id.</summary>
    Task<long> EnqueueAsync(TransferRequest request, CancellationToken cancellationToken = default);

    /// <summary>The destinations with pending items due at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<string>> DueDestinationsAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> pending items of one destination due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<TransferItem>> DueItemsAsync(string destination, DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Records the outcome of a send, all items in one transaction.</summary>
    Task UpdateAsync(IReadOnlyList<TransferItemUpdate> updates, CancellationToken cancellationToken = default);

    /// <summary>Holds every pending item of a destination that is down until <paramref name="until"/> (items due later keep their time).</summary>
    Task DeferDestinationAsync(string destination, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>When the earliest pending item is due, or null when nothing is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);

    Task<TransferJobStatus?> GetJobAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The most recent jobs, newest first.</summary>
    Task<IReadOnlyList<TransferJobStatus>> RecentJobsAsync(int limit, CancellationToken cancellationToken = default);
}
