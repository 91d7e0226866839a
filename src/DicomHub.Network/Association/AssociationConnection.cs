using System.Net.Sockets;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;
using Microsoft.Extensions.Logging;

namespace DicomHub.Network.Association;

/// <summary>
/// An established association (Sta6 onwards) on either side: sends DIMSE messages, runs the receive loop
/// that assembles incoming messages, and carries out release (with collisions) and abort per PS3.8 9.2.
/// </summary>
internal sealed class AssociationConnection : IAsyncDisposable
{
    private readonly PduChannel _channel;
    private readonly AssociationStateMachine _state;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _failureLogged;

    public AssociationConnection(PduChannel channel, AssociationStateMachine state, AssociationInfo info, ILogger logger)
    {
        _channel = channel;
        _state = state;
        Info = info;
        _logger = logger;
    }

    public AssociationInfo Info { get; }

    public AssociationState State => _state.State;

    public DicomNetworkOptions Options => _channel.Options;

    /// <summary>Completes when the receive loop has ended (released, aborted or connection lost).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Sends one DIMSE message; the data set (if any) is streamed from <paramref name="dataset"/>.</summary>
    public async Task SendMessageAsync(byte contextId, DimseCommand command, Stream? dataset, CancellationToken cancellationToken)
    {
        if (!_state.CanTransferData)
        {
            throw new AssociationAbortedException($"Cannot send {command.CommandField}: the association with {Info.RemoteEndPoint} is no longer established ({_state.State}).");
        }

        try
        {
            await DimseMessageWriter.WriteAsync(_channel, contextId, command, dataset, Options.SendPduLength(Info.PeerMaxPduLength), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not AssociationAbortedException)
        {
            // Half a message may be on the wire (a read error in the data set source, a dead peer):
            // DIMSE cannot take it back, so the association ends here (PS3.8 A-ABORT).
            await AbortAsync(AbortSource.ServiceUser, AbortReason.NotSpecified).ConfigureAwait(false);
            throw new AssociationAbortedException($"Sending {command.CommandField} to {Info.RemoteEndPoint} failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Receives PDUs until the association ends. Returns normally after an orderly release; throws
    /// <see cref="AssociationAbortedException"/> when it was aborted or the connection failed.
    /// </summary>
    public async Task RunAsync(IDimseMessageHandler handler, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        var assembler = new DimseMessageAssembler(handler, Info.PresentationContexts);
        Exception? failure = null;
        try
        {
            failure = await ReceiveLoopAsync(assembler, handler, idleTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            failure = new AssociationAbortedException($"Connection to {Info.RemoteEndPoint} lost: {e.Message}", e);
            _state.Fire(AssociationEvent.TransportClosed);
        }
        catch (TimeoutException e)
        {
            failure = LogFailure(new AssociationAbortedException(e.Message, e));
            await AbortAsync(AbortSource.ServiceProvider, AbortReason.NotSpecified).ConfigureAwait(false);
        }
        catch (PduFormatException e)
        {
            // Logged before the A-ABORT goes out, so whoever sees the abort can also find its reason in the log.
            failure = LogFailure(new AssociationAbortedException($"Malformed PDU from {Info.RemoteEndPoint}: {e.Message}", e));
            await AbortAsync(AbortSource.ServiceProvider, e.Reason).ConfigureAwait(false);
        }
        catch (DimseFormatException e)
        {
            failure = LogFailure(new AssociationAbortedException($"Malformed DIMSE message from {Info.RemoteEndPoint}: {e.Message}", e));
            await AbortAsync(AbortSource.ServiceProvider, AbortReason.InvalidParameterValue).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            failure = new AssociationAbortedException("Association cancelled.", e);
            await AbortAsync(AbortSource.ServiceUser, AbortReason.NotSpecified).ConfigureAwait(false);
        }
        finally
        {
            await assembler.FailAsync(failure ?? new AssociationAbortedException("The association ended before the data set was complete.")).ConfigureAwait(false);
            handler.OnClosed(failure);
            await _channel.DisposeAsync().ConfigureAwait(false);
            _closed.TrySetResult();
        }

        if (failure is not null)
        {
            if (!_failureLogged)
            {
                _logger.LogWarning("Association {Association} ended abnormally: {Reason}", Info, failure.Message);
            }

            throw failure;
        }
    }

    private AssociationAbortedException LogFailure(AssociationAbortedException failure)
    {
        _logger.LogWarning("Association {Association} ended abnormally: {Reason}", Info, failure.Message);
        _failureLogged = true;
        return failure;
    }

    /// <summary>Requests an orderly release (A-RELEASE-RQ) and waits for the loop to see the A-RELEASE-RP.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (_state.State != AssociationState.Sta6)
        {
            return;
        }

        _state.Fire(AssociationEvent.ReleaseRequestPrimitive);
        await _channel.SendAsync(new AReleaseRq(), cancellationToken).ConfigureAwait(false);
        try
        {
            await Closed.WaitAsync(Options.ArtimTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("{Peer} did not answer A-RELEASE-RQ within {Seconds} s; aborting.", Info.RemoteEndPoint, Options.ArtimTimeout.TotalSeconds);
            await AbortAsync(AbortSource.ServiceUser, AbortReason.NotSpecified).ConfigureAwait(false);
        }
    }

    /// <summary>Sends A-ABORT (best effort: the peer may be gone) and closes the connection.</summary>
    public async Task AbortAsync(AbortSource source, AbortReason reason)
    {
        if (_state.State is AssociationState.Sta1 or AssociationState.Sta13)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
            return;
        }

        _state.Fire(AssociationEvent.AbortPrimitive);
        try
        {
            // A send blocked by a peer that stopped reading holds the lock; do not wait for it.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _channel.SendAsync(new AAbort(source, reason), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or TimeoutException)
        {
        }

        await _channel.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_state.State is not (AssociationState.Sta1 or AssociationState.Sta13))
        {
            await AbortAsync(AbortSource.ServiceUser, AbortReason.NotSpecified).ConfigureAwait(false);
        }

        await _channel.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The loop proper; returns null after an orderly end, the failure otherwise.</summary>
    private async Task<Exception?> ReceiveLoopAsync(DimseMessageAssembler assembler, IDimseMessageHandler handler, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = assembler.IsInsideDataset ? Options.NetworkTimeout : idleTimeout;
            using var received = await _channel.ReceiveAsync(Options.MaxPduLength, wait, cancellationToken).ConfigureAwait(false);
            if (received is null)
            {
                var before = _state.State;
                _state.Fire(AssociationEvent.TransportClosed);
                return before is AssociationState.Sta1 or AssociationState.Sta13
                    ? null
                    : new AssociationAbortedException($"{Info.RemoteEndPoint} closed the connection without releasing the association{(assembler.IsInsideDataset ? " (in the middle of a data set)" : string.Empty)}.");
            }

            switch (received.Pdu)
            {
                case PDataTf data:
                    if (!await AllowedAsync(AssociationEvent.DataReceived, data).ConfigureAwait(false))
                    {
                        return new AssociationAbortedException($"Unexpected P-DATA-TF from {Info.RemoteEndPoint} in state {_state.State}.");
                    }

                    foreach (var pdv in data.Values)
                    {
                        await assembler.OnPdvAsync(pdv, cancellationToken).ConfigureAwait(false);
                    }

                    break;

                case AReleaseRq:
                    if (assembler.IsInsideDataset || !await AllowedAsync(AssociationEvent.ReleaseRqReceived, received.Pdu).ConfigureAwait(false))
                    {
                        await AbortAsync(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu).ConfigureAwait(false);
                        return new AssociationAbortedException($"Unexpected A-RELEASE-RQ from {Info.RemoteEndPoint}.");
                    }

                    if (_state.State == AssociationState.Sta8)
                    {
                        // Every response must be out before the release response (PS3.7 D.3.3.3).
                        await handler.DrainAsync().ConfigureAwait(false);
                        _state.Fire(AssociationEvent.ReleaseResponsePrimitive);
                        await _channel.SendAsync(new AReleaseRp(), cancellationToken).ConfigureAwait(false);
                        await _channel.CloseGracefullyAsync(Options.ArtimTimeout).ConfigureAwait(false);
                        _state.Fire(AssociationEvent.TransportClosed);
                        return null;
                    }

                    if (_state.State == AssociationState.Sta9)
                    {
                        // Release collision, we requested: answer now, then wait for their RP (Sta11).
                        _state.Fire(AssociationEvent.ReleaseResponsePrimitive);
                        await _channel.SendAsync(new AReleaseRp(), cancellationToken).ConfigureAwait(false);
                    }

                    break;

                case AReleaseRp:
                    if (!await AllowedAsync(AssociationEvent.ReleaseRpReceived, received.Pdu).ConfigureAwait(false))
                    {
                        return new AssociationAbortedException($"Unexpected A-RELEASE-RP from {Info.RemoteEndPoint}.");
                    }

                    if (_state.State == AssociationState.Sta12)
                    {
                        _state.Fire(AssociationEvent.ReleaseResponsePrimitive);
                        await _channel.SendAsync(new AReleaseRp(), cancellationToken).ConfigureAwait(false);
                        await _channel.CloseGracefullyAsync(Options.ArtimTimeout).ConfigureAwait(false);
                    }

                    return null;

                case AAbort abort:
                    _state.Fire(AssociationEvent.AbortReceived);
                    return new AssociationAbortedException($"{Info.RemoteEndPoint} aborted the association ({abort}).");

                default:
                    await AllowedAsync(AssociationEvent.InvalidPduReceived, received.Pdu).ConfigureAwait(false);
                    return new AssociationAbortedException($"Unexpected {received.Pdu.Type} from {Info.RemoteEndPoint} during data transfer.");
            }
        }
    }

    /// <summary>Fires a PDU event; when the state machine says abort, sends the A-ABORT and returns false.</summary>
    private async Task<bool> AllowedAsync(AssociationEvent e, Pdu pdu)
    {
        var before = _state.State;
        var (_, action) = AssociationStateMachine.Transition(before, e, _state.IsRequestor);
        if (action == AssociationAction.SendAbort)
        {
            _logger.LogWarning("Unexpected {Pdu} from {Peer} in state {State}: aborting (PS3.8 AA-8).", pdu.Type, Info.RemoteEndPoint, before);
            await AbortAsync(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu).ConfigureAwait(false);
            return false;
        }

        _state.Fire(e);
        return action != AssociationAction.Ignore;
    }
}
