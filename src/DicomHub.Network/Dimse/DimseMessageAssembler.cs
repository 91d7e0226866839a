using System.Buffers;
using System.IO.Pipelines;
using DicomHub.Network.Association;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Dimse;

/// <summary>
/// Turns the PDV stream of an association into DIMSE messages (PS3.7 8.1, PS3.8 Annex E): command
/// fragments are collected (they are small), data set fragments are passed straight to the handler's
/// writer as they arrive, so a 500 MB instance flows through without being held.
/// </summary>
internal sealed class DimseMessageAssembler(IDimseMessageHandler handler, IReadOnlyDictionary<byte, PresentationContext> contexts)
{
    private readonly ArrayBufferWriter<byte> _command = new(512);
    private byte _contextId;
    private PipeWriter? _dataset;
    private bool _datasetAbandoned;

    /// <summary>True while a data set is being received (a lost connection now leaves an incomplete instance).</summary>
    public bool IsInsideDataset => _dataset is not null;

    public async ValueTask OnPdvAsync(PresentationDataValue pdv, CancellationToken cancellationToken)
    {
        if (!contexts.TryGetValue(pdv.PresentationContextId, out var context) || !context.IsAccepted)
        {
            throw new DimseFormatException($"PDV on presentation context {pdv.PresentationContextId}, which was not accepted on this association.");
        }

        if (pdv.IsCommand)
        {
            await OnCommandFragmentAsync(pdv, context, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await OnDatasetFragmentAsync(pdv, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends an unfinished data set with an error so its consumer deletes what it wrote.</summary>
    public async ValueTask FailAsync(Exception error)
    {
        if (_dataset is { } writer)
        {
            _dataset = null;
            await writer.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async ValueTask OnCommandFragmentAsync(PresentationDataValue pdv, PresentationContext context, CancellationToken cancellationToken)
    {
        if (_dataset is not null)
        {
            throw new DimseFormatException("A command fragment arrived while the previous message's data set was still incomplete.");
        }

        if (_command.WrittenCount == 0)
        {
            _contextId = pdv.PresentationContextId;
        }
        else if (_contextId != pdv.PresentationContextId)
        {
            throw new DimseFormatException($"Command fragments switched from presentation context {_contextId} to {pdv.PresentationContextId}.");
        }

        if (_command.WrittenCount + pdv.Data.Length > DimseCommand.MaxEncodedLength)
        {
            throw new DimseFormatException($"Command set larger than {DimseCommand.MaxEncodedLength} bytes.");
        }

        _command.Write(pdv.Data.Span);
        if (!pdv.IsLastFragment)
        {
            return;
        }

        var command = DimseCommand.Decode(_command.WrittenSpan);
        _command.ResetWrittenCount();
        var writer = await handler.OnCommandAsync(command, context, cancellationToken).ConfigureAwait(false);
        if (command.HasDataset)
        {
            _dataset = writer ?? throw new InvalidOperationException("The message handler returned no writer for a message with a data set.");
            _datasetAbandoned = false;
        }
        else if (writer is not null)
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask OnDatasetFragmentAsync(PresentationDataValue pdv, CancellationToken cancellationToken)
    {
        if (_dataset is not { } writer)
        {
            throw new DimseFormatException("A data set fragment arrived without a command announcing a data set.");
        }

        if (pdv.PresentationContextId != _contextId)
        {
            throw new DimseFormatException($"Data set fragment on presentation context {pdv.PresentationContextId}, but its command came on {_contextId}.");
        }

        if (!_datasetAbandoned && pdv.Data.Length > 0)
        {
            // The copy into the pipe is the only copy; FlushAsync waits when the consumer is behind
            // (back-pressure keeps memory bounded whatever the instance size).
            var result = await writer.WriteAsync(pdv.Data, cancellationToken).ConfigureAwait(false);
            _datasetAbandoned = result.IsCompleted;
        }

        if (pdv.IsLastFragment)
        {
            _dataset = null;
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }
}
