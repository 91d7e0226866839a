using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;
using Microsoft.Extensions.Logging;

namespace DicomHub.Network.Scu;

/// <summary>
/// An association we requested. Requests are sent in order; up to the negotiated async window of them may
/// wait for their responses at once, matched by Message ID as they come back.
/// </summary>
public sealed partial class DicomClientAssociation : IAsyncDisposable
{
    private readonly AssociationConnection _connection;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<ushort, TaskCompletionSource<DimseCommand>> _pending = new();
    private readonly SemaphoreSlim _window;
    private readonly Task _loop;
    private int _nextMessageId;

    // When the peer last sent us a command (Stopwatch timestamp): the DIMSE timeout counts from there.
    private long _lastReceived = Stopwatch.GetTimestamp();
    private Exception? _failure;

    internal DicomClientAssociation(AssociationConnection connection, ILogger logger, Services.ICStoreHandler? storeHandler = null)
    {
        _connection = connection;
        _logger = logger;
        _storeHandler = storeHandler;
        _window = new SemaphoreSlim(connection.Info.AsyncOperationsWindow, connection.Info.AsyncOperationsWindow);

        // The SCU's loop waits indefinitely between PDUs: while we stream a large data set the peer is quiet.
        _loop = Task.Run(() => _connection.RunAsync(new ResponseHandler(this), Timeout.InfiniteTimeSpan, CancellationToken.None));
    }

    public AssociationInfo Info => _connection.Info;

    /// <summary>True until the association is released, aborted or lost.</summary>
    public bool IsAlive => _failure is null && _connection.State == AssociationState.Sta6;

    /// <summary>C-ECHO: Success means the peer's DIMSE layer answers.</summary>
    public async Task<DimseStatus> EchoAsync(CancellationToken cancellationToken = default)
    {
        var context = FindContext(DicomUids.Verification, null)
            ?? throw new InvalidOperationException($"The peer did not accept the Verification SOP class ({DicomUids.Verification}).");
        var response = await (await SendRequestAsync(context.Id, DimseCommand.CreateEchoRequest(NextMessageId()), null, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        return response.Status ?? DimseStatus.ProcessingFailure.WithComment("C-ECHO-RSP without a status");
    }

    /// <summary>
    /// Sends a request once a window slot is free and returns when it is on the wire; the returned task
    /// completes with the response (or fails when the association dies or the DIMSE timeout passes).
    /// </summary>
    public async Task<Task<DimseCommand>> SendRequestAsync(byte contextId, DimseCommand request, Stream? dataset, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        var pending = new TaskCompletionSource<DimseCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(request.MessageId, pending))
        {
            _window.Release();
            throw new InvalidOperationException($"Message ID {request.MessageId} is already outstanding.");
        }

        try
        {
            await _connection.SendMessageAsync(contextId, request, dataset, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (_pending.TryRemove(request.MessageId, out _))
            {
                _window.Release();
            }

            throw;
        }

        return AwaitResponseAsync(request, pending);
    }

    public ushort NextMessageId() => (ushort)((Interlocked.Increment(ref _nextMessageId) % 0xFFFF) + 1);

    /// <summary>An accepted context for the SOP class, with the given transfer syntax (or any when null).</summary>
    public PresentationContext? FindContext(string sopClassUid, TransferSyntax? syntax) =>
        Info.AcceptedContexts.FirstOrDefault(c => c.AbstractSyntax == sopClassUid && (syntax is null || c.AcceptedTransferSyntaxUid == syntax.Uid));

    /// <summary>Waits for every outstanding response, then releases the association (A-RELEASE-RQ/RP).</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (!IsAlive)
        {
            return;
        }

        var outstanding = _pending.Values.Select(p => (Task)p.Task).ToArray();
        try
        {
            await Task.WhenAll(outstanding).WaitAsync(_connection.Options.DimseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AssociationAbortedException or TimeoutException)
        {
            // Either the association is gone or a peer never answered; release below handles both.
        }

        await _connection.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        await WaitForLoopAsync().ConfigureAwait(false);
    }

    public async Task AbortAsync()
    {
        await _connection.AbortAsync(AbortSource.ServiceUser, AbortReason.NotSpecified).ConfigureAwait(false);
        await WaitForLoopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (IsAlive)
        {
            try
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is AssociationAbortedException or IOException or TimeoutException)
            {
            }
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        await WaitForLoopAsync().ConfigureAwait(false);
    }

    private async Task<DimseCommand> AwaitResponseAsync(DimseCommand request, TaskCompletionSource<DimseCommand> pending)
    {
        try
        {
            while (true)
            {
                try
                {
                    return await pending.Task.WaitAsync(_connection.Options.DimseTimeout).ConfigureAwait(false);
                }
                catch (TimeoutException) when (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastReceived)) < _connection.Options.DimseTimeout)
                {
                    // A long C-FIND/C-MOVE/C-GET: pending responses or sub-operations keep arriving, so the peer is working.
                }
            }
        }
        catch (TimeoutException)
        {
            // PS3.7: no response within the DIMSE timeout ends the association.
            _logger.LogWarning("No response to {Request} from {Peer} within {Seconds} s: aborting.", request, Info.RemoteEndPoint, _connection.Options.DimseTimeout.TotalSeconds);
            await _connection.AbortAsync(AbortSource.ServiceUser, AbortReason.NotSpecified).ConfigureAwait(false);
            throw new AssociationAbortedException($"No response to {request.CommandField} from {Info.RemoteEndPoint} within {_connection.Options.DimseTimeout.TotalSeconds:0} s (DIMSE timeout).");
        }
        finally
        {
            if (_pending.TryRemove(request.MessageId, out _))
            {
                _window.Release();
            }
        }
    }

    private async Task WaitForLoopAsync()
    {
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (AssociationAbortedException)
        {
            // Already recorded in _failure and passed to every pending request.
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new AssociationAbortedException(failure.Message, failure);
        }

        if (_connection.State != AssociationState.Sta6)
        {
            throw new AssociationAbortedException($"The association with {Info.RemoteEndPoint} is no longer established ({_connection.State}).");
        }
    }

    private sealed class ResponseHandler(DicomClientAssociation owner) : IDimseMessageHandler
    {
        public ValueTask<PipeWriter?> OnCommandAsync(DimseCommand command, PresentationContext context, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref owner._lastReceived, Stopwatch.GetTimestamp());
            if (command.CommandField == DimseCommandField.CStoreRequest && owner._storeHandler is not null)
            {
                // A C-GET sub-operation: stored through the handler, answered on the same association.
                return ValueTask.FromResult<PipeWriter?>(owner.OnStoreRequest(command, context));
            }

            if (!command.CommandField.IsResponse())
            {
                owner._logger.LogWarning("Unexpected request {Command} from {Peer}: ignored.", command, owner.Info.RemoteEndPoint);
                if (command.CommandField != DimseCommandField.CCancelRequest)
                {
                    _ = owner.RefuseRequestAsync(command, context);
                }
            }
            else if (command.Status?.IsPending != true && owner._pending.TryGetValue(command.MessageIdBeingRespondedTo, out var pending))
            {
                pending.TrySetResult(command);
            }

            if (command.CommandField.IsResponse() && owner._retrievals.TryGetValue(command.MessageIdBeingRespondedTo, out var retrieval))
            {
                return ValueTask.FromResult(owner.OnRetrieveResponse(command, context, retrieval));
            }

            if (command.CommandField.IsResponse() && owner._queryResults.TryGetValue(command.MessageIdBeingRespondedTo, out var results))
            {
                return ValueTask.FromResult(owner.OnQueryResponse(command, context, results));
            }

            if (!command.HasDataset)
            {
                return ValueTask.FromResult<PipeWriter?>(null);
            }

            var discard = new Pipe();
            discard.Reader.Complete();
            return ValueTask.FromResult<PipeWriter?>(discard.Writer);
        }

        public Task DrainAsync() => Task.CompletedTask;

        public void OnClosed(Exception? error)
        {
            owner._failure = error;
            var reason = error ?? new AssociationAbortedException($"The association with {owner.Info.RemoteEndPoint} was released before the response arrived.");
            foreach (var pending in owner._pending.Values)
            {
                pending.TrySetException(reason as AssociationAbortedException ?? new AssociationAbortedException(reason.Message, reason));
            }

            foreach (var results in owner._queryResults.Values)
            {
                results.Writer.TryComplete(reason as AssociationAbortedException ?? new AssociationAbortedException(reason.Message, reason));
            }
        }
    }
}
