using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;
using DicomHub.Network.Scu;
using DicomHub.Testing;

namespace DicomHub.Network.Tests.Faults;

/// <summary>Bad input and broken peers against our SCP: the right reject/abort, a log line naming the cause, no partial file, and the SCP keeps serving.</summary>
public sealed class ScpFaultTests
{
    private static readonly DicomNetworkOptions ShortTimeouts = new() { ArtimTimeout = TimeSpan.FromSeconds(2), NetworkTimeout = TimeSpan.FromSeconds(2), DimseTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Calling_AE_not_allowed_is_rejected_with_reason_3_and_a_log_line_naming_the_fix()
    {
        await using var server = await LoopbackServer.StartAsync(new AcceptancePolicy { AeTitle = "STORESCP", AllowedCallingAeTitles = new HashSet<string> { "MODALITY" } });

        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() =>
            DicomClient.ConnectAsync(server.Node, PresentationContextPlanner.Plan([]), new DicomClientOptions { CallingAeTitle = "INTRUDER" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(RejectSource.ServiceUser, e.Reject.Source);
        Assert.Equal(RejectReason.UserCallingAeNotRecognized, e.Reject.Reason);
        Assert.Equal(RejectResult.Permanent, e.Reject.Result);
        Assert.Contains(server.Logs.Lines, l => l.Contains("'INTRUDER'", StringComparison.Ordinal) && l.Contains("AllowedCallingAeTitles", StringComparison.Ordinal));
        await AssertStillServesAsync(server, "MODALITY");
    }

    [Fact]
    public async Task Wrong_called_AE_is_rejected_with_reason_7()
    {
        await using var server = await LoopbackServer.StartAsync();

        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() =>
            DicomClient.ConnectAsync(server.Node with { AeTitle = "SOMEONE" }, PresentationContextPlanner.Plan([]), new DicomClientOptions(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(RejectReason.UserCalledAeNotRecognized, e.Reject.Reason);
        Assert.Contains("called AE title", e.Message, StringComparison.Ordinal);
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task Garbage_instead_of_an_associate_request_is_aborted()
    {
        await using var server = await LoopbackServer.StartAsync(network: ShortTimeouts);
        await using var peer = await RawPeer.ConnectAsync(server.Port);

        await peer.SendAsync([0x09, 0, 0, 0, 0, 2, 1, 2]);
        var reply = await peer.ReceiveAsync();

        Assert.Equal(PduType.Abort, reply?.Type);
        Assert.Equal((byte)AbortReason.UnrecognizedPdu, reply!.Value.Body[3]);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Unrecognized PDU type 0x09", StringComparison.Ordinal));
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task PDU_length_larger_than_the_data_times_out_and_closes()
    {
        await using var server = await LoopbackServer.StartAsync(network: ShortTimeouts);
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        var rq = RawPeer.Request().Encode();

        // Claim 100 more bytes than we send, then go quiet: the SCP must give up after its network timeout.
        var lying = rq.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(lying.AsSpan(2), (uint)(rq.Length - 6 + 100));
        await peer.SendAsync(lying);
        var reply = await peer.ReceiveAsync(TimeSpan.FromSeconds(20));

        Assert.True(reply is null || reply.Value.Type == PduType.Abort);
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task P_DATA_larger_than_our_maximum_length_is_aborted()
    {
        await using var server = await LoopbackServer.StartAsync(network: ShortTimeouts with { MaxPduLength = 4096 });
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.AssociateAsync();

        await peer.SendAsync(RawPeer.Data(3, command: false, last: true, new byte[8000]));
        var reply = await peer.ReceiveAsync();

        Assert.Equal(PduType.Abort, reply?.Type);

        // The SCP logs the cause after it has sent the A-ABORT, so the line may trail the PDU slightly.
        await WaitUntilAsync(() => server.Logs.Lines.Any(l => l.Contains("exceeds the maximum length 4096", StringComparison.Ordinal)));
        Assert.Contains(server.Logs.Lines, l => l.Contains("exceeds the maximum length 4096", StringComparison.Ordinal));
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task Data_before_any_command_is_aborted()
    {
        await using var server = await LoopbackServer.StartAsync(network: ShortTimeouts);
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.AssociateAsync();

        await peer.SendAsync(RawPeer.Data(3, command: false, last: true, [1, 2, 3, 4]));
        var reply = await peer.ReceiveAsync();

        Assert.Equal(PduType.Abort, reply?.Type);
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task Peer_disconnecting_mid_instance_leaves_no_file_behind()
    {
        await using var server = await LoopbackServer.StartAsync(network: ShortTimeouts);
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.AssociateAsync();
        var uid = TestData.NewUid();
        var dataset = TestData.Dataset(uid, 200_000);

        await peer.SendAsync(RawPeer.Data(3, command: true, last: true, DimseCommand.CreateStoreRequest(1, DicomUids.CTImageStorage, uid).Encode()));
        await peer.SendAsync(RawPeer.Data(3, command: false, last: false, dataset.AsSpan(0, 10_000)));
        await peer.SendAsync(RawPeer.Data(3, command: false, last: false, dataset.AsSpan(10_000, 10_000)));
        await WaitUntilAsync(() => server.AllFiles().Length > 0); // the temporary file exists while receiving
        peer.Close();

        await WaitUntilAsync(() => server.AllFiles().Length == 0);
        Assert.Empty(server.AllFiles());
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task Peer_stalling_mid_instance_is_aborted_after_the_network_timeout_and_leaves_no_file()
    {
        await using var server = await LoopbackServer.StartAsync(network: ShortTimeouts);
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.AssociateAsync();
        var uid = TestData.NewUid();

        await peer.SendAsync(RawPeer.Data(3, command: true, last: true, DimseCommand.CreateStoreRequest(1, DicomUids.CTImageStorage, uid).Encode()));
        await peer.SendAsync(RawPeer.Data(3, command: false, last: false, TestData.Dataset(uid, 20_000).AsSpan(0, 5000)));
        var reply = await peer.ReceiveAsync(TimeSpan.FromSeconds(30));

        Assert.True(reply is null || reply.Value.Type == PduType.Abort, $"got {reply?.Type}");
        await WaitUntilAsync(() => server.AllFiles().Length == 0);
        Assert.Empty(server.AllFiles());
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task Unknown_SOP_class_gets_abstract_syntax_not_supported()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(server.Port);

        await peer.SendAsync(RawPeer.Request(sopClass: "1.2.3.999"));
        var reply = await peer.ReceiveAsync();

        var ac = Assert.IsType<AAssociateAc>(Pdu.Decode(reply!.Value.Type, reply.Value.Body));
        Assert.Equal(PresentationContextResult.Acceptance, ac.PresentationContexts.Single(c => c.Id == 1).Result);
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, ac.PresentationContexts.Single(c => c.Id == 3).Result);
    }

    [Fact]
    public async Task Many_associations_at_once_are_served()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var source = new TempDirectory();
        var items = new List<DicomStoreItem>();
        for (var i = 0; i < 24; i++)
        {
            items.Add((await DicomStoreItem.FromFileAsync(TestData.WriteFile(source.Path, TestData.NewUid(), 20_000), TestContext.Current.CancellationToken))!);
        }

        // A stalled raw association sits beside the real ones and must not block them.
        await using var idle = await RawPeer.ConnectAsync(server.Port);
        await idle.AssociateAsync();
        var results = await new DicomStoreSender(server.Node, new DicomClientOptions { AsyncOperationsWindow = 4 }, associations: 6).SendAsync(items, cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Reason));
        Assert.Equal(24, server.StoredFiles().Length);
    }

    internal static async Task AssertStillServesAsync(LoopbackServer server, string callingAe = "DICOMHUB")
    {
        using var source = new TempDirectory();
        var uid = TestData.NewUid();
        var item = (await DicomStoreItem.FromFileAsync(TestData.WriteFile(source.Path, uid, 10_000), TestContext.Current.CancellationToken))!;
        var result = Assert.Single(await new DicomStoreSender(server.Node, new DicomClientOptions { CallingAeTitle = callingAe }).SendAsync([item], cancellationToken: TestContext.Current.CancellationToken));
        Assert.True(result.IsSuccess, result.Reason);
        Assert.True(File.Exists(Path.Combine(server.Folder.Path, uid + ".dcm")));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
