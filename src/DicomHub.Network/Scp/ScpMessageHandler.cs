using System.Collections.Concurrent;
using System.IO.Pipelines;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Services;
using Microsoft.Extensions.Logging;

namespace DicomHub.Network.Scp;

/// <summary>
/// Dispatches the requests of one SCP association to services. Each request runs as its own task so the
/// receive loop keeps reading (a data set streams through a bounded pipe into its handler); at most the
/// negotiated async window of requests run at once.
/// </summary>
internal sealed class ScpMessageHandler(AssociationConnection connection, DimseServiceRegistry services, ILogger logger) : IDimseMessageHandler, IDimseRequester
{
    /// <summary>The pipe pauses the network reader above this much unconsumed data set: bounds memory per instance.</summary>
    private const long PipePauseBytes = 1024 * 1024;

    /// <summary>
    /// 64 KB segments: a full pipe is 16 pooled arrays. With the default 4 KB segments a full pipe holds 256,
    /// more than the shared array pool keeps per size, so every instance allocated most of its bytes anew
    /// (measured: 375 MB of garbage for a 512 MB instance; LargeInstanceTests keeps it bounded).
    /// </summary>
    private static readonly PipeOptions DatasetPipeOptions = new(pauseWriterThreshold: PipePauseBytes, resumeWriterThreshold: PipePauseBytes / 2, minimumSegmentSize: 64 * 1024, useSynchronizationContext: false);

    private readonly SemaphoreSlim _window = new(connection.Info.AsyncOperationsWindow, connection.Info.AsyncOperationsWindow);
    private readonly ConcurrentDictionary<Task, bool> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ushort, CancellationTokenSource> _cancellable = new();

    // Our own requests (C-GET's C-STORE sub-operations) waiting for their responses, by our Message ID.
    private readonly ConcurrentDictionary<ushort, TaskCompletionSource<DimseCommand>> _subOperations = new();
    private int _nextMessageId;

    public async ValueTask<PipeWriter?> OnCommandAsync(DimseCommand command, PresentationContext context, CancellationToken cancellationToken)
    {
        if (command.CommandField.IsResponse() && command.Status?.IsPending != true && _subOperations.TryRemove(command.MessageIdBeingRespondedTo, out var waiting))
        {
            waiting.TrySetResult(command);
            return command.HasDataset ? DiscardingWriter() : null;
        }

        if (command.CommandField.IsResponse())
        {
            // Not an answer to a request of ours: logged and dropped.
            logger.LogWarning("Unexpected {Command} from {Peer}: ignored.", command, connection.Info.RemoteEndPoint);
            return command.HasDataset ? DiscardingWriter() : null;
        }

        if (command.CommandField == DimseCommandField.CCancelRequest)
        {
            // C-CANCEL has no response; the operation answers with Cancel (FE00) itself (PS3.7 9.3.2.3).
            if (_cancellable.TryGetValue(command.MessageIdBeingRespondedTo, out var cancel))
            {
                await cancel.CancelAsync().ConfigureAwait(false);
            }

            return command.HasDataset ? DiscardingWriter() : null;
        }

        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        Pipe? pipe = command.HasDataset ? new Pipe(DatasetPipeOptions) : null;
        var task = RunAsync(command, context, pipe);
        _running.TryAdd(task, true);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
        return pipe?.Writer;
    }

    public async Task DrainAsync() => await Task.WhenAll(_running.Keys).ConfigureAwait(false);

    public void OnClosed(Exception? error)
    {
        if (error is not null)
        {
            _stopping.Cancel();
        }

        foreach (var waiting in _subOperations.Values)
        {
            waiting.TrySetException(new AssociationAbortedException($"The association with {connection.Info.RemoteEndPoint} ended before the C-STORE response arrived."));
        }
    }

    public ushort NextMessageId() => (ushort)((Interlocked.Increment(ref _nextMessageId) % 0xFFFF) + 1);

    public async Task<DimseCommand> SendRequestAsync(byte contextId, DimseCommand request, Stream? dataset, CancellationToken cancellationToken)
    {
        var waiting = new TaskCompletionSource<DimseCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_subOperations.TryAdd(request.MessageId, waiting))
        {
            throw new InvalidOperationException($"Message ID {request.MessageId} is already outstanding.");
        }

        try
        {
            await connection.SendMessageAsync(contextId, request, dataset, cancellationToken).ConfigureAwait(false);
            return await waiting.Task.WaitAsync(connection.Options.DimseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("No response to {Request} from {Peer} within {Seconds} s: aborting.", request, connection.Info.RemoteEndPoint, connection.Options.DimseTimeout.TotalSeconds);
            await connection.AbortAsync(Pdus.AbortSource.ServiceUser, Pdus.AbortReason.NotSpecified).ConfigureAwait(false);
            throw new AssociationAbortedException($"No response to {request.CommandField} from {connection.Info.RemoteEndPoint} within {connection.Options.DimseTimeout.TotalSeconds:0} s (DIMSE timeout).");
        }
        finally
        {
            _subOperations.TryRemove(request.MessageId, out _);
        }
    }

    private async Task RunAsync(DimseCommand command, PresentationContext context, Pipe? pipe)
    {
        await Task.Yield();
        var responder = new Responder(connection, context.Id);
        var stream = pipe?.Reader.AsStream(leaveOpen: true);
        using var cancel = new CancellationTokenSource();
        var cancellable = _cancellable.TryAdd(command.MessageId, cancel);
        try
        {
            if (services.Find(command.CommandField, context.AbstractSyntax) is not { } service)
            {
                logger.LogWarning("{Command} on context {Context} ({SopClass}) from {Peer}: no service for it.", command, context.Id, context.AbstractSyntax, connection.Info.RemoteEndPoint);
                await responder.SendAsync(DimseCommand.CreateResponse(command, DimseStatus.UnrecognizedOperation), null, _stopping.Token).ConfigureAwait(false);
                return;
            }

            var request = new DimseRequest(command, context, connection.Info, stream) { CancelRequested = cancel.Token, Requester = this };
            await service.HandleAsync(request, responder, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AssociationAbortedException or OperationCanceledException || _stopping.IsCancellationRequested)
        {
            // The association is gone; the handler already cleaned up what it had written.
            logger.LogDebug("{Command} abandoned: {Message}", command, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Command} from {Peer} failed in its handler.", command, connection.Info.RemoteEndPoint);
            if (!responder.Sent)
            {
                await TrySendFailureAsync(responder, command, e).ConfigureAwait(false);
            }
        }
        finally
        {
            if (cancellable)
            {
                _cancellable.TryRemove(command.MessageId, out _);
            }

            if (pipe is not null)
            {
                // Completing the reader lets the receive loop discard whatever the handler did not read.
                await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            }

            _window.Release();
        }
    }

    private async Task TrySendFailureAsync(Responder responder, DimseCommand command, Exception e)
    {
        try
        {
            await responder.SendAsync(DimseCommand.CreateResponse(command, DimseStatus.ProcessingFailure.WithComment(e.Message)), null, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception sendError) when (sendError is AssociationAbortedException or OperationCanceledException)
        {
        }
    }

    private static PipeWriter DiscardingWriter()
    {
        var pipe = new Pipe();
        pipe.Reader.Complete();
        return pipe.Writer;
    }

    private sealed class Responder(AssociationConnection connection, byte contextId) : IDimseResponder
    {
        public bool Sent { get; private set; }

        public async Task SendAsync(DimseCommand response, Stream? dataset, CancellationToken cancellationToken)
        {
            await connection.SendMessageAsync(contextId, response, dataset, cancellationToken).ConfigureAwait(false);
            Sent = true;
        }
    }
}
