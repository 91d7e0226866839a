using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;

namespace DicomHub.Network.Scu;

/// <summary>The C-MOVE a C-STORE sub-operation serves: the requestor's AE title and its C-MOVE-RQ Message ID.</summary>
public readonly record struct MoveOriginator(string AeTitle, ushort MessageId);

public sealed partial class DicomClientAssociation
{
    /// <summary>
    /// Sends one C-STORE-RQ and returns once it is on the wire; the inner task completes with the result.
    /// Picks the context in the instance's own transfer syntax, else converts to an accepted one with
    /// <paramref name="transcoder"/>. Problems with this instance alone become a failed result; a broken
    /// association throws.
    /// </summary>
    public Task<Task<CStoreResult>> SendStoreAsync(DicomStoreItem item, IDatasetTranscoder? transcoder = null, CancellationToken cancellationToken = default) =>
        SendStoreAsync(item, transcoder, null, cancellationToken);

    /// <summary>
    /// As <see cref="SendStoreAsync(DicomStoreItem, IDatasetTranscoder?, CancellationToken)"/>, as a C-MOVE
    /// sub-operation: the request names the AE title and Message ID of the C-MOVE it serves (PS3.7 9.1.1.1).
    /// </summary>
    public async Task<Task<CStoreResult>> SendStoreAsync(DicomStoreItem item, IDatasetTranscoder? transcoder, MoveOriginator? originator, CancellationToken cancellationToken)
    {
        transcoder ??= new NativeSyntaxTranscoder();
        var (context, problem) = ChooseContext(item, transcoder);
        if (context is null)
        {
            return Task.FromResult(new CStoreResult(item, DimseStatus.SopClassNotSupported, null, problem));
        }

        var target = context.AcceptedTransferSyntax!;
        Stream dataset;
        try
        {
            dataset = await item.OpenDatasetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            return Task.FromResult(new CStoreResult(item, DimseStatus.ProcessingFailure, null, $"cannot read {item}: {e.Message}"));
        }

        if (target != item.TransferSyntax)
        {
            try
            {
                dataset = await transcoder.TranscodeAsync(dataset, item.TransferSyntax, target, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Task.FromResult(new CStoreResult(item, DimseStatus.ProcessingFailure, null, $"cannot convert {item.TransferSyntax.Name} to {target.Name}: {e.Message}"));
            }
        }

        var request = DimseCommand.CreateStoreRequest(NextMessageId(), item.SopClassUid, item.SopInstanceUid);
        if (originator is { } move)
        {
            request.MoveOriginatorAeTitle = move.AeTitle;
            request.MoveOriginatorMessageId = move.MessageId;
        }

        Task<DimseCommand> response;
        try
        {
            response = await SendRequestAsync(context.Id, request, dataset, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await dataset.DisposeAsync().ConfigureAwait(false);
        }

        return CompleteAsync(item, target, response);
    }

    /// <summary>Sends one instance and waits for its response.</summary>
    public async Task<CStoreResult> StoreAsync(DicomStoreItem item, IDatasetTranscoder? transcoder = null, CancellationToken cancellationToken = default) =>
        await (await SendStoreAsync(item, transcoder, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>Sends one instance as a C-MOVE sub-operation and waits for its response.</summary>
    public async Task<CStoreResult> StoreAsync(DicomStoreItem item, IDatasetTranscoder? transcoder, MoveOriginator? originator, CancellationToken cancellationToken) =>
        await (await SendStoreAsync(item, transcoder, originator, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    private static async Task<CStoreResult> CompleteAsync(DicomStoreItem item, TransferSyntax sentAs, Task<DimseCommand> response)
    {
        var command = await response.ConfigureAwait(false);
        return new CStoreResult(item, command.Status ?? DimseStatus.ProcessingFailure.WithComment("C-STORE-RSP without a status"), sentAs);
    }

    private (PresentationContext? Context, string? Problem) ChooseContext(DicomStoreItem item, IDatasetTranscoder transcoder)
    {
        if (FindContext(item.SopClassUid, item.TransferSyntax) is { } exact)
        {
            return (exact, null);
        }

        var candidates = Info.AcceptedContexts.Where(c => c.AbstractSyntax == item.SopClassUid).ToList();
        if (candidates.Count == 0)
        {
            var reason = Info.PresentationContexts.Values.FirstOrDefault(c => c.AbstractSyntax == item.SopClassUid)?.Result.ToString() ?? "not proposed";
            return (null, $"the peer did not accept SOP class {item.SopClassUid} ({reason})");
        }

        foreach (var candidate in candidates)
        {
            if (transcoder.CanTranscode(item.TransferSyntax, candidate.AcceptedTransferSyntax!))
            {
                return (candidate, null);
            }
        }

        var accepted = string.Join(", ", candidates.Select(c => c.AcceptedTransferSyntax!.Name));
        return (null, $"the peer rejected {item.TransferSyntax.Name} and converting to {accepted} is not possible: no codec for it");
    }
}
