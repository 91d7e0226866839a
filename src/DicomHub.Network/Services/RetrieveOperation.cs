using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Network.Dimse;
using DicomHub.Network.Scu;
using Microsoft.Extensions.Logging;

namespace DicomHub.Network.Services;

/// <summary>The sub-operations cannot go on (the move destination's association died): the rest count as failed.</summary>
internal sealed class SubOperationsAbortedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// What C-MOVE and C-GET share: reading the identifier, and performing the C-STORE sub-operations one after
/// another with a pending response after each, stopping at C-CANCEL (PS3.4 C.4.2.3, C.4.3.3).
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
    /// Stores each instance through <paramref name="store"/> (which returns the C-STORE-RSP status, or throws
    /// <see cref="SubOperationsAbortedException"/> when no further sub-operation is possible), then answers.
    /// </summary>
    public static async Task RunAsync(
        DimseRequest request,
        IDimseResponder responder,
        IReadOnlyList<DicomStoreItem> items,
        Func<DicomStoreItem, CancellationToken, Task<DimseStatus>> store,
        CancellationToken cancellationToken)
    {
        var progress = new SubOperationProgress(request.Command, items.Count);
        var cancelled = false;
        string? cause = null;
        for (var i = 0; i < items.Count; i++)
        {
            if (request.CancelRequested.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            DimseStatus status;
            try
            {
                status = await store(items[i], cancellationToken).ConfigureAwait(false);
            }
            catch (SubOperationsAbortedException e)
            {
                cause = e.Message;
                progress.FailRemaining(items.Skip(i).Select(item => item.SopInstanceUid));
                break;
            }

            progress.Record(items[i].SopInstanceUid, status);
            if (!status.IsSuccess)
            {
                cause ??= status.ErrorComment ?? status.Meaning;
            }

            if (progress.Remaining > 0)
            {
                await responder.SendAsync(progress.Pending(), null, cancellationToken).ConfigureAwait(false);
            }
        }

        await SendFinalAsync(request, responder, progress, progress.FinalStatus(cancelled, cause), cancellationToken).ConfigureAwait(false);
    }
}
