using System.Net;
using System.Net.Sockets;
using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Pdus;
using DicomHub.Network.Scu;

namespace DicomHub.Network.Tests.Faults;

/// <summary>Our SCU against peers that misbehave after accepting: stop reading, never answer, abort.</summary>
public sealed class ScuFaultTests
{
    [Fact]
    public async Task Peer_that_stops_reading_fails_the_send_after_the_network_timeout()
    {
        await using var peer = await FakeAcceptor.StartAsync(readAfterAccept: false);
        var options = new DicomClientOptions { Network = new DicomNetworkOptions { NetworkTimeout = TimeSpan.FromSeconds(1), SocketBufferSize = 8192 } };
        var item = DicomStoreItem.FromBytes(DicomUids.CTImageStorage, TestData.NewUid(), TransferSyntax.ExplicitVRLittleEndian, new byte[32 * 1024 * 1024]);

        var result = Assert.Single(await new DicomStoreSender(peer.Node, options).SendAsync([item], cancellationToken: TestContext.Current.CancellationToken));

        Assert.True(result.IsFailure);
        Assert.Contains("stopped reading", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_that_never_responds_fails_after_the_DIMSE_timeout()
    {
        await using var peer = await FakeAcceptor.StartAsync(readAfterAccept: true);
        var options = new DicomClientOptions { Network = new DicomNetworkOptions { DimseTimeout = TimeSpan.FromSeconds(1) } };
        await using var association = await DicomClient.ConnectAsync(peer.Node, PresentationContextPlanner.Plan([]), options, cancellationToken: TestContext.Current.CancellationToken);

        var e = await Assert.ThrowsAsync<AssociationAbortedException>(() => association.EchoAsync(TestContext.Current.CancellationToken));

        Assert.Contains("DIMSE timeout", e.Message, StringComparison.Ordinal);
        Assert.False(association.IsAlive);
    }

    [Fact]
    public async Task Peer_abort_fails_the_outstanding_request_with_the_reason()
    {
        await using var peer = await FakeAcceptor.StartAsync(readAfterAccept: true, abortOnData: true);
        await using var association = await DicomClient.ConnectAsync(peer.Node, PresentationContextPlanner.Plan([]), new DicomClientOptions(), cancellationToken: TestContext.Current.CancellationToken);

        var e = await Assert.ThrowsAsync<AssociationAbortedException>(() => association.EchoAsync(TestContext.Current.CancellationToken));

        Assert.Contains("A-ABORT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_names_the_peer_and_the_fix()
    {
        var port = DicomHub.Testing.FreePort.Next();
        var e = await Assert.ThrowsAsync<IOException>(() =>
            DicomClient.ConnectAsync(new DicomNodeUri("X", "127.0.0.1", port), PresentationContextPlanner.Plan([]), new DicomClientOptions(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("peer is running", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Accepts one association (every context, first syntax), then stays silent, reads silently, or aborts on the first data.</summary>
    private sealed class FakeAcceptor : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Task _run;
        private readonly CancellationTokenSource _stop = new();

        private FakeAcceptor(TcpListener listener, bool readAfterAccept, bool abortOnData)
        {
            _listener = listener;
            _run = RunAsync(readAfterAccept, abortOnData);
        }

        public DicomNodeUri Node => new("FAKE", "127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port);

        public static Task<FakeAcceptor> StartAsync(bool readAfterAccept, bool abortOnData = false)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Server.ReceiveBufferSize = 8192;
            listener.Start();
            return Task.FromResult(new FakeAcceptor(listener, readAfterAccept, abortOnData));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _run;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
            }
        }

        private async Task RunAsync(bool readAfterAccept, bool abortOnData)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            client.ReceiveBufferSize = 8192;
            var stream = client.GetStream();
            var header = new byte[6];
            await stream.ReadExactlyAsync(header, _stop.Token);
            var body = new byte[System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
            await stream.ReadExactlyAsync(body, _stop.Token);
            var rq = Assert.IsType<AAssociateRq>(Pdu.Decode(PduType.AssociateRequest, body));
            var ac = new AAssociateAc { CalledAeTitle = rq.CalledAeTitle, CallingAeTitle = rq.CallingAeTitle };
            ac.PresentationContexts.AddRange(rq.PresentationContexts.Select(c => new PresentationContextResultItem(c.Id, PresentationContextResult.Acceptance, c.TransferSyntaxes[0])));
            ac.UserInformation.MaximumLength = new MaximumLengthItem(16384);
            ac.UserInformation.ImplementationClassUid = new ImplementationClassUidItem("1.2.3");
            await stream.WriteAsync(ac.Encode(), _stop.Token);
            if (!readAfterAccept)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            var buffer = new byte[65536];
            while (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
                if (abortOnData)
                {
                    await stream.WriteAsync(new AAbort(AbortSource.ServiceUser).Encode(), _stop.Token);
                    return;
                }
            }
        }
    }
}
