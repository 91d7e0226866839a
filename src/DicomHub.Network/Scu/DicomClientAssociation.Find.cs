using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Services;

namespace DicomHub.Network.Scu;

public sealed partial class DicomClientAssociation
{
    // Pending responses' identifiers per outstanding C-FIND, in arrival order; completed at the final response.
    private readonly ConcurrentDictionary<ushort, Channel<Task<DicomDataset>>> _queryResults = new();

    /// <summary>
    /// C-FIND (PS3.4 C.4.1): sends <paramref name="identifier"/> on a context for <paramref name="sopClassUid"/> and
    /// yields each pending response's identifier as it arrives. A failure or Cancel final status throws
    /// <see cref="DimseStatusException"/>; cancelling <paramref name="cancellationToken"/> sends C-CANCEL-RQ.
    /// </summary>
    public async IAsyncEnumerable<DicomDataset> FindAsync(string sopClassUid, DicomDataset identifier, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var context = FindContext(sopClassUid, null)
            ?? throw new InvalidOperationException($"The peer did not accept the query SOP class {sopClassUid}.");
        var request = DimseCommand.CreateFindRequest(NextMessageId(), sopClassUid);
        var results = Channel.CreateUnbounded<Task<DicomDataset>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _queryResults[request.MessageId] = results;
        try
        {
            using var encoded = new MemoryStream(DicomDatasetWriter.Encode(identifier, context.AcceptedTransferSyntax!), writable: false);
            var response = await SendRequestAsync(context.Id, request, encoded, cancellationToken).ConfigureAwait(false);
            await using (cancellationToken.Register(() => _ = SendCancelAsync(context.Id, request.MessageId)))
            {
                await foreach (var match in results.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    yield return await match.ConfigureAwait(false);
                }

                var final = await response.ConfigureAwait(false);
                var status = final.Status ?? DimseStatus.ProcessingFailure.WithComment("C-FIND-RSP without a status");
                if (!status.IsSuccess && !status.IsWarning)
                {
                    throw new DimseStatusException(status);
                }
            }
        }
        finally
        {
            _queryResults.TryRemove(request.MessageId, out _);
        }
    }

    private async Task SendCancelAsync(byte contextId, ushort messageId)
    {
        try
        {
            await _connection.SendMessageAsync(contextId, DimseCommand.CreateCancelRequest(messageId), null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AssociationAbortedException or IOException or InvalidOperationException)
        {
            // The association is gone: the pending find fails on its own.
        }
    }

    /// <summary>Queues a pending response's identifier (read off the network as it streams in); ends the queue at the final one.</summary>
    private PipeWriter? OnQueryResponse(DimseCommand command, PresentationContext context, Channel<Task<DicomDataset>> results)
    {
        if (command.Status?.IsPending != true)
        {
            results.Writer.TryComplete();
            return command.HasDataset ? DiscardWriter() : null;
        }

        if (!command.HasDataset)
        {
            return null;
        }

        var pipe = new Pipe();
        var syntax = context.AcceptedTransferSyntax ?? TransferSyntax.ImplicitVRLittleEndian;
        results.Writer.TryWrite(Task.Run(async () =>
        {
            await using var stream = pipe.Reader.AsStream();
            return await DicomDatasetReader.ReadAsync(stream, syntax).ConfigureAwait(false);
        }));
        return pipe.Writer;
    }

    private static PipeWriter DiscardWriter()
    {
        var discard = new Pipe();
        discard.Reader.Complete();
        return discard.Writer;
    }
}
