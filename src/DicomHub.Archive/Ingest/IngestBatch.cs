using DicomHub.Archive.Blobs;
using DicomHub.Archive.Registry;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using Microsoft.Extensions.Logging;

namespace DicomHub.Archive.Ingest;

/// <summary>
/// Several instances ingested together: each is staged and validated as it arrives; every
/// <see cref="StorageOptions.IngestBatchSize"/> instances (and at <see cref="CompleteAsync"/>) the staged
/// blobs are made durable together and committed to the registry in one transaction, so fsyncs and
/// commits are shared. Disposing without completing throws away whatever was staged but not committed.
/// </summary>
public sealed class IngestBatch : IAsyncDisposable
{
    /// <summary>Values above this stay in the staged file while indexing (pixel data is never loaded).</summary>
    private const long LazyValueThreshold = 8 * 1024;

    /// <summary>
    /// How much of each instance is kept in memory while it is staged, to parse the header from: the parser's
    /// own first read is this size, so a header that fits is parsed without touching the staged file.
    /// </summary>
    private const int HeadCapacity = 64 * 1024;

    private readonly IngestPipeline _pipeline;
    private readonly IngestSource _source;
    private readonly List<IngestResult?> _results = [];
    private List<Pending> _pending = [];

    internal IngestBatch(IngestPipeline pipeline, IngestSource source)
    {
        _pipeline = pipeline;
        _source = source;
    }

    public int Count => _results.Count;

    /// <summary>Reads one Part 10 instance from <paramref name="instance"/> (to its end) and stages it.</summary>
    public Task AddAsync(Stream instance, CancellationToken cancellationToken = default) =>
        StageAsync((target, ct) => target.CopyFromAsync(instance, ct), expectedClass: null, expectedInstance: null, cancellationToken);

    /// <summary>
    /// Stages an instance the archive built itself (STOW-RS metadata with bulk data parts, a manifest): it is
    /// written straight into the staged blob and then passes the same parse, validation and commit as any other.
    /// </summary>
    public Task AddAsync(DicomFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return StageAsync(file.WriteAsync, expectedClass: null, expectedInstance: null, cancellationToken);
    }

    /// <summary>Stages a bare data set (DIMSE): the archive writes the file meta in front of the received bytes.</summary>
    public Task AddDatasetAsync(Stream dataset, TransferSyntax transferSyntax, string sopClassUid, string sopInstanceUid, CancellationToken cancellationToken = default)
    {
        var header = FileMetaHeader.Build(sopClassUid, sopInstanceUid, transferSyntax, _source.Peer);
        return StageAsync(
            async (target, ct) =>
            {
                await target.WriteAsync(header, ct).ConfigureAwait(false);

                // The network hands the data set over as a pipe, whose CopyToAsync writes the pipe's own
                // buffers to the target: no copy through a buffer of ours (a memcpy of every instance). A
                // refusal from the target (size limit) leaves the pipe advanced past what was consumed, so the
                // SCP can drop the rest of the instance; the multipart caveat of CopyFromAsync does not apply.
                await dataset.CopyToAsync(target, ct).ConfigureAwait(false);
            },
            sopClassUid,
            sopInstanceUid,
            cancellationToken);
    }

    /// <summary>Commits what is staged and returns one result per added instance, in order.</summary>
    public async Task<IReadOnlyList<IngestResult>> CompleteAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return [.. _results.Select(r => r ?? IngestResult.Failure(StoreStatus.ProcessingFailure, "The instance was not processed."))];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pending in _pending)
        {
            await pending.Blob.DisposeAsync().ConfigureAwait(false);
        }

        _pending.Clear();
    }

    private async Task StageAsync(Func<StagingStream, CancellationToken, Task> writeBody, string? expectedClass, string? expectedInstance, CancellationToken cancellationToken)
    {
        var slot = _results.Count;
        _results.Add(null);
        var options = _pipeline.Options;
        var blob = _pipeline.Blobs.Stage();
        var kept = false;
        using var staging = new StagingStream(blob.Stream, options.MaxInstanceBytes, HeadCapacity);
        try
        {
            try
            {
                await writeBody(staging, cancellationToken).ConfigureAwait(false);
            }
            catch (InstanceTooLargeException e)
            {
                _results[slot] = IngestResult.Failure(StoreStatus.OutOfResources, e.Message);
                return;
            }

            await blob.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            DicomFile file;
            try
            {
                using var readBack = new HeadThenStagedStream(staging.Head, blob.OpenStaged, staging.Written);
                file = await DicomFile.ReadWithRangeSourceAsync(readBack, new StagedBlobRangeSource(blob, "the staged instance"), new DicomReadOptions { LargeValueThreshold = LazyValueThreshold }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DicomFormatException or EndOfStreamException or InvalidDataException or FormatException or ArgumentException or OverflowException)
            {
                _results[slot] = IngestResult.Failure(StoreStatus.CannotUnderstand, $"Not a readable DICOM instance: {e.Message}");
                return;
            }

            var failure = InstanceValidator.Validate(file, _source, expectedClass, expectedInstance);
            if (failure is not null)
            {
                _results[slot] = failure;
                return;
            }

            var dataset = file.Dataset;
            var sop = dataset.GetString(DicomTags.SOPInstanceUID)!.Trim();
            if (options.DuplicatePolicy != DuplicatePolicy.Overwrite && await _pipeline.Registry.ContainsInstanceAsync(sop, cancellationToken).ConfigureAwait(false))
            {
                // Known duplicate: decided now, without paying for an fsync; the commit re-checks for races.
                _results[slot] = Duplicate(Describe(dataset, StoreStatus.Success, string.Empty), options.DuplicatePolicy);
                return;
            }

            var record = InstanceIndexer.Index(dataset, file.TransferSyntax, string.Empty, staging.Written);
            _pending.Add(new Pending(slot, blob, record, Describe(dataset, StoreStatus.Success, "Stored.")));
            kept = true;
        }
        finally
        {
            if (!kept)
            {
                await blob.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (_pending.Count >= Math.Max(1, options.IngestBatchSize))
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var batch = _pending;
        _pending = [];
        var logger = _pipeline.Logger;
        try
        {
            IReadOnlyList<string> keys;
            try
            {
                keys = await _pipeline.Blobs.CommitAsync([.. batch.Select(p => p.Blob)], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogError(e, "Could not write {Count} instances durably", batch.Count);
                await RevokeAsync(batch).ConfigureAwait(false);
                Fail(batch, StoreStatus.OutOfResources, $"The archive could not write the instance to disk: {e.Message}");
                return;
            }

            // With observers (forwarding rules), each row also records that its follow-up is owed, so a crash
            // before NotifyStoredAsync ran cannot lose it: the next start replays it.
            var origin = _pipeline.HasObservers ? new IngestOrigin(_source.Protocol.ToString(), _source.Peer) : null;
            var records = batch.Select((p, i) => p.Record with { BlobKey = keys[i], FollowUpFrom = origin }).ToList();
            IReadOnlyList<CommitResult> outcomes;
            try
            {
                // The blobs are durable now; the registry commit (shared with concurrent ingests) is not
                // cancelled half-way by a departing client.
                outcomes = await _pipeline.GroupCommit.CommitAsync(records).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Registry commit of {Count} instances failed; their blobs are removed", batch.Count);
                await RevokeAsync(batch).ConfigureAwait(false);
                Fail(batch, StoreStatus.ProcessingFailure, $"The archive's registry could not record the instance: {e.Message}");
                return;
            }

            var committed = new List<InstanceRecord>(batch.Count);
            var followUps = new List<long>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var pending = batch[i];
                var outcome = outcomes[i];
                switch (outcome.Outcome)
                {
                    case CommitOutcome.Inserted:
                        _results[pending.Slot] = pending.Stored;
                        committed.Add(records[i]);
                        followUps.AddRange(outcome.FollowUpId is { } inserted ? [inserted] : []);
                        break;
                    case CommitOutcome.Replaced:
                        _results[pending.Slot] = pending.Stored with { Message = "Stored; it replaced the copy stored before." };
                        committed.Add(records[i]);
                        followUps.AddRange(outcome.FollowUpId is { } replaced ? [replaced] : []);
                        await DeleteQuietlyAsync(outcome.ReplacedBlobKey!).ConfigureAwait(false);
                        break;
                    default:
                        _results[pending.Slot] = Duplicate(pending.Stored, outcome.Outcome == CommitOutcome.DuplicateRejected ? DuplicatePolicy.Reject : DuplicatePolicy.KeepExistingAndWarn);
                        await DeleteQuietlyAsync(keys[i]).ConfigureAwait(false);
                        break;
                }
            }

            await _pipeline.NotifyStoredAsync(_source, committed, followUps).ConfigureAwait(false);
        }
        finally
        {
            foreach (var pending in batch)
            {
                await pending.Blob.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // Cause and setting first: a DIMSE Error Comment keeps only 64 characters, and the C-STORE-RSP names the
    // SOP instance anyway.
    private static IngestResult Duplicate(IngestResult described, DuplicatePolicy policy) => policy == DuplicatePolicy.Reject
        ? described with { Status = StoreStatus.DuplicateSopInstance, Message = $"Duplicate refused (Storage:DuplicatePolicy=Reject): SOP Instance {described.SopInstanceUid} is already stored." }
        : described with { Status = StoreStatus.DuplicateKeptWarning, Message = $"Stored copy kept (Storage:DuplicatePolicy=KeepExistingAndWarn): SOP Instance {described.SopInstanceUid} was already stored." };

    private static IngestResult Describe(DicomDataset dataset, ushort status, string message) => new(
        status,
        dataset.GetString(DicomTags.SOPClassUID)?.Trim(),
        dataset.GetString(DicomTags.SOPInstanceUID)?.Trim(),
        dataset.GetString(DicomTags.StudyInstanceUID)?.Trim(),
        dataset.GetString(DicomTags.SeriesInstanceUID)?.Trim(),
        message);

    private void Fail(List<Pending> batch, ushort status, string message)
    {
        foreach (var pending in batch)
        {
            _results[pending.Slot] = pending.Stored with { Status = status, Message = message };
        }
    }

    private async Task RevokeAsync(List<Pending> batch)
    {
        try
        {
            await _pipeline.Blobs.RevokeAsync([.. batch.Select(p => p.Blob)], CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            _pipeline.Logger.LogWarning(e, "Could not remove the blobs of {Count} instances that were not stored; the blob sweep removes them later", batch.Count);
        }
    }

    private async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await _pipeline.Blobs.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            _pipeline.Logger.LogWarning(e, "Could not delete the unreferenced blob {Key}", key);
        }
    }

    private sealed record Pending(int Slot, IStagedBlob Blob, InstanceRecord Record, IngestResult Stored);
}
