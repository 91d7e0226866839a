using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;

namespace DicomHub.Server.Tests.Forwarding;

/// <summary>
/// Installed in a receiving archive: once <paramref name="passBefore"/> instances have been stored, every
/// further store is held (after its commit, before the sender hears "stored") until <see cref="Open"/>. It
/// freezes a transfer half-way, deterministically, so a test can stop the receiver in the middle of it.
/// </summary>
internal sealed class GateObserver(int passBefore) : IIngestObserver
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stored;

    /// <summary>Completes when the first store is held.</summary>
    public Task Reached => _reached.Task;

    public void Open() => _open.TrySetResult();

    public async Task OnStoredAsync(IngestSource source, IReadOnlyList<InstanceRecord> stored, CancellationToken cancellationToken)
    {
        if (Interlocked.Add(ref _stored, stored.Count) >= passBefore)
        {
            _reached.TrySetResult();
            await _open.Task;
        }
    }
}
