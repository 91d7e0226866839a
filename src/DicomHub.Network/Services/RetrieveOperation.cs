using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Network.Dimse;
using DicomHub.Network.Scu;
using Microsoft.Extensions.Logging;

namespace DicomHub.Network.Services;

/// <summary>The sub-operations cannot go on (the move destination's association died): the rest count as failed.</summary>
internal sealed class SubOperationsAbortedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// What C-MOVE and C-GET share: reading the identifier, and performing the C-STORE sub-operations with a
/// pending response after each, stopping at C-CANCEL (PS3.4 C.4.2.3, C.4.3.3).
/// </summary>
internal static class RetrieveOperation
{
    /// <summary>The request's identifier, or the status to refuse it with.</summary>
    public static async Task<(DicomDataset? Identifier, DimseStatus? Refusal)> ReadIdentifierAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        if (request.Dataset is null)
        {
            return (null, DimseStatus.DataSetDoesNotMatchSopClass.WithComment($"{request.Command.CommandField} without an identifier"));
        }

        try
        {
            return (await DicomDatasetReader.ReadAsync(request.Dataset, request.TransferSyntax, null, cancellationToken).ConfigureAwait(false), null);
        }
        catch (DicomFormatException e)
        {
            return (null, DimseStatus.CannotUnderstand.WithComment($"Identifier unreadable: {e.Message}"));
        }
    }

    /// <summary>
    /// Reads the identifier and asks <paramref name="resolve"/> what to send. A malformed identifier, or a
    /// <see cref="DimseStatusException"/> from <paramref name="resolve"/>, is answered with its status and
    /// gives null: the caller has nothing left to do.
    /// </summary>
    public static async Task<T?> ResolveOrRefuseAsync<T>(
        DimseRequest request,
        IDimseResponder responder,
        ILogger logger,
        Func<CRetrieveRequest, CancellationToken, Task<T>> resolve,
        CancellationToken cancellationToken)
        where T : class
    {
        var (identifier, refusal) = await ReadIdentifierAsync(request, cancellationToken).ConfigureAwait(false);
        if (identifier is null)
        {
            await RefuseAsync(request, responder, refusal!, cancellationToken).ConfigureAwait(false);
            return null;
        }

        try
        {
            return await resolve(new CRetrieveRequest(request.Command, request.Context.AbstractSyntax, identifier, request.Association), cancellationToken).ConfigureAwait(false);
        }
        catch (DimseStatusException e)
        {
            logger.LogWarning("{Operation} from {Calling} refused: {Status}", request.Command.CommandField, request.Association.CallingAeTitle, e.Status);
            await RefuseAsync(request, responder, e.Status, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Sends the final response (with the failed list when there is one).</summary>
    public static async Task SendFinalAsync(DimseRequest request, IDimseResponder responder, SubOperationProgress progress, DimseStatus status, CancellationToken cancellationToken)
    {
        var (response, identifier) = progress.Final(status, request.TransferSyntax);
        using var stream = identifier is null ? null : new MemoryStream(identifier, writable: false);
        await responder.SendAsync(response, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A refusal before any sub-operation: the status alone, no counts.</summary>
    public static Task RefuseAsync(DimseRequest request, IDimseResponder responder, DimseStatus status, CancellationToken cancellationToken) =>
        responder.SendAsync(DimseCommand.CreateResponse(request.Command, status), null, cancellationToken);

    /// <summary>
    /// Performs the C-STORE sub-operations and answers: <paramref name="send"/> puts one on the wire and returns
    /// the task of its C-STORE-RSP status (or throws <see cref="SubOperationsAbortedException"/> when no further
    /// sub-operation is possible, from either). Up to <paramref name="window"/> responses are awaited at once
    /// (the asynchronous operations window negotiated with the destination, PS3.7 D.3.3.3), the oldest first,
    /// with a pending response after each; with a window of 1 each sub-operation waits for its response before
    /// the next is sent. C-CANCEL stops sending; what is on the wire is still counted.
    /// </summary>
    public static async Task RunAsync(
        DimseRequest request,
        IDimseResponder responder,
        IReadOnlyList<DicomStoreItem> items,
        Func<DicomStoreItem, CancellationToken, Task<Task<DimseStatus>>> send,
        int window,
        CancellationToken cancellationToken)
    {
        var progress = new SubOperationProgress(request.Command, items.Count);
        var inFlight = new Queue<(DicomStoreItem Item, Task<DimseStatus> Status)>();
        var cancelled = false;
        string? cause = null;
        var sent = 0;

        // Records the oldest response; false once the association died (the rest, sent or not, then fail).
        async Task<bool> CompleteOldestAsync()
        {
            var (item, status) = inFlight.Dequeue();
            DimseStatus result;
            try
            {
                result = await status.ConfigureAwait(false);
            }
            catch (SubOperationsAbortedException e)
            {
                cause = e.Message;
                progress.FailRemaining([item.SopInstanceUid, .. inFlight.Select(f => f.Item.SopInstanceUid)]);
                inFlight.Clear();
                return false;
            }

            progress.Record(item.SopInstanceUid, result);
            if (!result.IsSuccess)
            {
                cause ??= result.ErrorComment ?? result.Meaning;
            }

            if (progress.Remaining > 0)
            {
                await responder.SendAsync(progress.Pending(), null, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        var alive = true;
        while (alive && sent < items.Count)
        {
            if (request.CancelRequested.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            var item = items[sent];
            try
            {
                inFlight.Enqueue((item, await send(item, cancellationToken).ConfigureAwait(false)));
                sent++;
            }
            catch (SubOperationsAbortedException e)
            {
                cause = e.Message;
                progress.FailRemaining([.. inFlight.Select(f => f.Item.SopInstanceUid)]);
                inFlight.Clear();
                alive = false;
                break;
            }

            while (alive && inFlight.Count >= Math.Max(1, window))
            {
                alive = await CompleteOldestAsync().ConfigureAwait(false);
            }
        }

        while (alive && inFlight.Count > 0)
        {
            alive = await CompleteOldestAsync().ConfigureAwait(false);
        }

        if (!alive)
        {
            progress.FailRemaining(items.Skip(sent).Select(item => item.SopInstanceUid));
        }

        await SendFinalAsync(request, responder, progress, progress.FinalStatus(cancelled, cause), cancellationToken).ConfigureAwait(false);
    }
}
