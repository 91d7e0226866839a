using System.Collections.Concurrent;
using System.IO.Pipelines;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Services;
using Microsoft.Extensions.Logging;

namespace DicomHub.Network.Scu;

/// <summary>Sub-operation counts from a C-MOVE/C-GET pending response.</summary>
public readonly record struct RetrieveProgress(int Remaining, int Completed, int Failed, int Warning);

/// <summary>
/// The outcome of a C-MOVE or C-GET: the final status (Success, B000 warning, a failure, or Cancel), the
/// sub-operation counts the peer reported, and the Failed SOP Instance UID List when it sent one.
/// </summary>
public sealed record RetrieveResult(DimseStatus Status, int Completed, int Failed, int Warning, int? Remaining, IReadOnlyList<string> FailedSopInstanceUids)
{
    public bool IsCancelled => Status.Category == DimseStatusCategory.Cancel;
}

public sealed partial class DicomClientAssociation
{
    private readonly ICStoreHandler? _storeHandler;

    // Outstanding C-MOVE/C-GET requests by Message ID: progress to report and the final response's identifier.
    private readonly ConcurrentDictionary<ushort, Retrieval> _retrievals = new();

    // The last C-CANCEL-RQ sent: a C-STORE response we send afterwards waits for it, so the peer sees the
    // cancel before the answer to the sub-operation it interrupts.
    private Task _lastCancel = Task.CompletedTask;

    /// <summary>
    /// C-MOVE (PS3.4 C.4.2): asks the peer to send what <paramref name="identifier"/> names to the AE title
    /// <paramref name="moveDestination"/> (which the peer must know). Cancelling sends C-CANCEL-RQ and returns
    /// the peer's Cancel response.
    /// </summary>
    public Task<RetrieveResult> MoveAsync(string sopClassUid, string moveDestination, DicomDataset identifier, IProgress<RetrieveProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RetrieveAsync(DimseCommand.CreateMoveRequest(NextMessageId(), sopClassUid, moveDestination), identifier, progress, cancellationToken);

    /// <summary>
    /// C-GET (PS3.4 C.4.3): the instances come back on this association as C-STORE requests, handed to the
    /// options' <see cref="DicomClientOptions.StoreHandler"/>; the association must have been proposed with
    /// role selection (SCP role) for their storage SOP classes (<see cref="RetrievePresentationContexts.ForGet"/>).
    /// </summary>
    public Task<RetrieveResult> GetAsync(string sopClassUid, DicomDataset identifier, IProgress<RetrieveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (_storeHandler is null)
        {
            throw new InvalidOperationException("C-GET needs a store handler for the instances it brings back: set DicomClientOptions.StoreHandler.");
        }

        return RetrieveAsync(DimseCommand.CreateGetRequest(NextMessageId(), sopClassUid), identifier, progress, cancellationToken);
    }

    private async Task<RetrieveResult> RetrieveAsync(DimseCommand request, DicomDataset identifier, IProgress<RetrieveProgress>? progress, CancellationToken cancellationToken)
    {
        var sopClassUid = request.AffectedSopClassUid!;
        var context = FindContext(sopClassUid, null)
            ?? throw new InvalidOperationException($"The peer did not accept the retrieve SOP class {sopClassUid}.");
        var retrieval = new Retrieval(progress);
        _retrievals[request.MessageId] = retrieval;
        try
        {
            using var encoded = new MemoryStream(DicomDatasetWriter.Encode(identifier, context.AcceptedTransferSyntax!), writable: false);
            var response = await SendRequestAsync(context.Id, request, encoded, cancellationToken).ConfigureAwait(false);
            DimseCommand final;
            await using (cancellationToken.Register(() => _lastCancel = SendCancelAsync(context.Id, request.MessageId)))
            {
                final = await response.ConfigureAwait(false);
            }

            var failedList = await retrieval.Identifier.Task.ConfigureAwait(false);
            var failed = failedList?.GetStrings(DicomTags.FailedSOPInstanceUIDList) ?? [];
            return new RetrieveResult(
                final.Status ?? DimseStatus.ProcessingFailure.WithComment($"{final.CommandField} without a status"),
                final.CompletedSubOperations ?? 0,
                final.FailedSubOperations ?? 0,
                final.WarningSubOperations ?? 0,
                final.RemainingSubOperations,
                failed.Where(uid => uid.Length > 0).ToList());
        }
        finally
        {
            _retrievals.TryRemove(request.MessageId, out _);
        }
    }

    private PipeWriter? OnRetrieveResponse(DimseCommand command, PresentationContext context, Retrieval retrieval)
    {
        if (command.Status?.IsPending == true)
        {
            retrieval.Progress?.Report(new RetrieveProgress(command.RemainingSubOperations ?? 0, command.CompletedSubOperations ?? 0, command.FailedSubOperations ?? 0, command.WarningSubOperations ?? 0));
            return command.HasDataset ? DiscardWriter() : null;
        }

        if (!command.HasDataset)
        {
            retrieval.Identifier.TrySetResult(null);
            return null;
        }

        var pipe = new Pipe();
        var syntax = context.AcceptedTransferSyntax ?? TransferSyntax.ImplicitVRLittleEndian;
        _ = Task.Run(async () =>
        {
            try
            {
                await using var stream = pipe.Reader.AsStream();
                retrieval.Identifier.TrySetResult(await DicomDatasetReader.ReadAsync(stream, syntax).ConfigureAwait(false));
            }
            catch (Exception e) when (e is DicomFormatException or IOException or AssociationAbortedException)
            {
                // The counts still tell what happened; only the list of failed instances is lost.
                _logger.LogWarning("Unreadable identifier in {Response}: {Message}", command, e.Message);
                retrieval.Identifier.TrySetResult(null);
            }
        });
        return pipe.Writer;
    }

    /// <summary>A C-STORE-RQ from the peer (a C-GET sub-operation): the data set streams into the store handler, then we answer.</summary>
    private PipeWriter OnStoreRequest(DimseCommand command, PresentationContext context)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false));
        _ = Task.Run(async () =>
        {
            var status = DimseStatus.ProcessingFailure;
            var stream = pipe.Reader.AsStream();
            try
            {
                var sopClass = command.AffectedSopClassUid;
                var sopInstance = command.AffectedSopInstanceUid;
                status = string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance) || !command.HasDataset
                    ? DimseStatus.MistypedArgument.WithComment("C-STORE-RQ lacks Affected SOP Class/Instance UID or data set")
                    : await _storeHandler!.StoreAsync(
                        new CStoreRequest(command, sopClass, sopInstance, context.AcceptedTransferSyntax ?? TransferSyntax.ImplicitVRLittleEndian, Info),
                        stream,
                        CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The association broke mid-instance (the handler removed what it wrote) or the handler failed.
                _logger.LogWarning("C-STORE sub-operation {Instance} from {Peer} not stored: {Message}", command.AffectedSopInstanceUid, Info.RemoteEndPoint, e.Message);
                status = DimseStatus.ProcessingFailure.WithComment(e.Message);
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            }

            try
            {
                await _lastCancel.ConfigureAwait(false);
                await _connection.SendMessageAsync(context.Id, DimseCommand.CreateResponse(command, status), null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AssociationAbortedException e)
            {
                _logger.LogDebug("C-STORE response not sent: {Message}", e.Message);
            }
        });
        return pipe.Writer;
    }

    /// <summary>A request we do not serve on an association we requested: answered with "unrecognized operation".</summary>
    private async Task RefuseRequestAsync(DimseCommand command, PresentationContext context)
    {
        try
        {
            var status = command.CommandField == DimseCommandField.CStoreRequest
                ? DimseStatus.SopClassNotSupported.WithComment("this association takes no C-STORE (no C-GET in progress)")
                : DimseStatus.UnrecognizedOperation;
            await _connection.SendMessageAsync(context.Id, DimseCommand.CreateResponse(command, status), null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AssociationAbortedException)
        {
        }
    }

    private sealed class Retrieval(IProgress<RetrieveProgress>? progress)
    {
        public IProgress<RetrieveProgress>? Progress { get; } = progress;

        public TaskCompletionSource<DicomDataset?> Identifier { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
