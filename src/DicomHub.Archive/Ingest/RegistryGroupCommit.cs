using DicomHub.Archive.Registry;
using Microsoft.Extensions.Logging;

namespace DicomHub.Archive.Ingest;

/// <summary>
/// Group commit of registry rows. Every ingest (a C-STORE of any association, a STOW batch) whose blobs
/// are already durable hands its records here; records that arrive while a commit is running wait and go
/// into the next transaction together, so N concurrent instances cost one transaction and one durable
/// commit (one WAL fsync) instead of N. Nobody's result is set before the transaction holding its rows
/// has committed, so "stored" still means durable. A lone instance is committed at once, on its caller's
/// thread: no timer, no added latency.
/// </summary>
internal sealed class RegistryGroupCommit(IRegistry registry, StorageOptions options, ILogger logger)
{
    /// <summary>Bounds one transaction (its duration and the memory of its rows' metadata).</summary>
    private const int MaxRecordsPerTransaction = 256;

    private readonly Lock _gate = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<long> _doneFollowUps = new();
    private List<Waiter> _waiting = [];
    private bool _committing;

    private long _transactions;

    /// <summary>Number of transactions committed so far (for tests and diagnostics).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Ingests waiting for the next transaction (for tests and diagnostics).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>
    /// Commits <paramref name="records"/> (all in the same transaction) together with whatever else is
    /// waiting; completes with one result per record once that transaction is durable.
    /// </summary>
    public async Task<IReadOnlyList<CommitResult>> CommitAsync(IReadOnlyList<InstanceRecord> records)
    {
        if (records.Count == 0)
        {
            return [];
        }

        var waiter = new Waiter(records);
        bool lead;
        lock (_gate)
        {
            _waiting.Add(waiter);
            lead = !_committing;
            _committing = true;
        }

        if (!lead)
        {
            return await waiter.Result.Task.ConfigureAwait(false);
        }

        // The caller that finds no commit running commits the first group itself (its own records and any
        // that arrived since), with no thread hop: at async window 1 that is every instance. Whatever arrives
        // meanwhile is left to a drain loop on the thread pool, so this caller's result is never held up by
        // later arrivals.
        List<Waiter> group;
        lock (_gate)
        {
            group = TakeGroup();
        }

        await CommitGroupAsync(group).ConfigureAwait(false);
        bool more;
        lock (_gate)
        {
            more = _waiting.Count > 0;
            _committing = more;
        }

        if (more)
        {
            _ = Task.Run(DrainAsync);
        }

        return await waiter.Result.Task.ConfigureAwait(false);
    }

    /// <summary>Follow-ups that ran: their rows go in the next registry transaction, at no cost of their own.</summary>
    public void FollowUpsDone(IEnumerable<long> ids)
    {
        foreach (var id in ids)
        {
            _doneFollowUps.Enqueue(id);
        }
    }

    /// <summary>Removes the rows of follow-ups that ran and no transaction has taken yet (at shutdown).</summary>
    public async Task FlushFollowUpsAsync(CancellationToken cancellationToken)
    {
        var done = TakeDoneFollowUps();
        try
        {
            await registry.DeleteFollowUpsAsync(done, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            FollowUpsDone(done);
            throw;
        }
    }

    private List<long> TakeDoneFollowUps()
    {
        var done = new List<long>();
        while (_doneFollowUps.TryDequeue(out var id))
        {
            done.Add(id);
        }

        return done;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Waiter> group;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _committing = false;
                    return;
                }

                group = TakeGroup();
            }

            await CommitGroupAsync(group).ConfigureAwait(false);
        }
    }

    /// <summary>Takes waiters in arrival order up to the transaction bound (always at least one).</summary>
    private List<Waiter> TakeGroup()
    {
        var count = 0;
        var taken = 0;
        while (taken < _waiting.Count && (taken == 0 || count + _waiting[taken].Records.Count <= MaxRecordsPerTransaction))
        {
            count += _waiting[taken].Records.Count;
            taken++;
        }

        var group = _waiting.GetRange(0, taken);
        if (taken == _waiting.Count)
        {
            _waiting = [];
        }
        else
        {
            _waiting.RemoveRange(0, taken);
        }

        return group;
    }

    private async Task CommitGroupAsync(List<Waiter> group)
    {
        var done = TakeDoneFollowUps();
        try
        {
            var records = group.Count == 1 ? group[0].Records : [.. group.SelectMany(w => w.Records)];
            IReadOnlyList<CommitResult> results;
            try
            {
                results = await registry.CommitAsync(records, options.DuplicatePolicy, done, CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                // Not removed: the next transaction takes them.
                FollowUpsDone(done);
                throw;
            }

            Interlocked.Increment(ref _transactions);
            var offset = 0;
            foreach (var waiter in group)
            {
                waiter.Result.TrySetResult([.. results.Skip(offset).Take(waiter.Records.Count)]);
                offset += waiter.Records.Count;
            }
        }
        catch (Exception e) when (group.Count > 1)
        {
            // One bad record must not fail its neighbours: commit each waiter on its own.
            logger.LogWarning(e, "Group commit of {Count} ingests failed; committing them one by one", group.Count);
            foreach (var waiter in group)
            {
                await CommitGroupAsync([waiter]).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            group[0].Result.TrySetException(e);
        }
    }

    private sealed class Waiter(IReadOnlyList<InstanceRecord> records)
    {
        public IReadOnlyList<InstanceRecord> Records { get; } = records;

        public TaskCompletionSource<IReadOnlyList<CommitResult>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
