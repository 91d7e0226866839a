using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;
using DicomHub.Network.Scu;
using DicomHub.Testing;

namespace DicomHub.Network.Tests.Association;

public sealed class LoopbackStoreTests
{
    private static DicomClientOptions Client(ushort window = 1, uint maxPdu = 16384) =>
        new() { CallingAeTitle = "STORESCU", AsyncOperationsWindow = window, Network = new DicomNetworkOptions { MaxPduLength = maxPdu } };

    [Fact]
    public async Task Echo_succeeds_and_the_association_releases()
    {
        await using var server = await LoopbackServer.StartAsync();
        var contexts = PresentationContextPlanner.Plan([]);

        await using var association = await DicomClient.ConnectAsync(server.Node, contexts, Client(), cancellationToken: TestContext.Current.CancellationToken);
        var status = await association.EchoAsync(TestContext.Current.CancellationToken);
        await association.ReleaseAsync(TestContext.Current.CancellationToken);

        Assert.Equal(DimseStatus.Success, status);
        Assert.False(association.IsAlive);
        Assert.Equal(DicomImplementation.ClassUid, association.Info.PeerImplementationClassUid);
    }

    [Theory]
    [InlineData(1, 1, 4096u, false)]
    [InlineData(8, 1, 16384u, false)]
    [InlineData(4, 3, 1048576u, false)]
    [InlineData(8, 2, 16384u, true)]
    public async Task Files_sent_with_window_and_parallel_associations_arrive_byte_for_byte(ushort window, int associations, uint maxPdu, bool durable)
    {
        await using var server = await LoopbackServer.StartAsync(network: new DicomNetworkOptions { MaxPduLength = maxPdu }, durable: durable);
        using var source = new TempDirectory();
        var files = Enumerable.Range(0, 12).Select(i => TestData.WriteFile(source.Path, TestData.NewUid(), pixelBytes: 1000 + (i * 7919), explicitVR: i % 2 == 0)).ToList();
        var items = new List<DicomStoreItem>();
        foreach (var file in files)
        {
            items.Add((await DicomStoreItem.FromFileAsync(file, TestContext.Current.CancellationToken))!);
        }

        var sender = new DicomStoreSender(server.Node, Client(window, maxPdu), associations);
        var results = await sender.SendAsync(items, cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Reason));
        Assert.Equal(files.Count, server.StoredFiles().Length);
        Assert.Equal(files.Count, server.AllFiles().Length);
        foreach (var file in files)
        {
            var (sentInfo, sent) = await TestData.ReadFileAsync(file);
            var (receivedInfo, received) = await TestData.ReadFileAsync(Path.Combine(server.Folder.Path, sentInfo.SopInstanceUid + ".dcm"));
            Assert.Equal(sentInfo.TransferSyntax, receivedInfo.TransferSyntax);
            Assert.Equal(sent, received);
        }
    }

    [Fact]
    public async Task Async_window_is_negotiated_down_to_the_SCP_limit()
    {
        await using var server = await LoopbackServer.StartAsync(new AcceptancePolicy { AeTitle = "STORESCP", MaxOperationsPerformed = 4 });
        await using var association = await DicomClient.ConnectAsync(server.Node, PresentationContextPlanner.Plan([]), Client(window: 32), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(4, association.Info.AsyncOperationsWindow);
    }

    [Fact]
    public async Task Rejected_native_syntax_is_converted_to_the_accepted_one()
    {
        // The SCP only takes Implicit VR LE; an Explicit VR LE file must arrive converted.
        await using var server = await LoopbackServer.StartAsync(new AcceptancePolicy { AeTitle = "STORESCP", TransferSyntaxes = [TransferSyntax.ImplicitVRLittleEndian] });
        using var source = new TempDirectory();
        var uid = TestData.NewUid();
        var item = (await DicomStoreItem.FromFileAsync(TestData.WriteFile(source.Path, uid, 4000, explicitVR: true), TestContext.Current.CancellationToken))!;

        var result = Assert.Single(await new DicomStoreSender(server.Node, Client()).SendAsync([item], cancellationToken: TestContext.Current.CancellationToken));

        Assert.True(result.IsSuccess, result.Reason);
        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, result.SentAs);
        var (info, received) = await TestData.ReadFileAsync(Path.Combine(server.Folder.Path, uid + ".dcm"));
        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, info.TransferSyntax);

        // Implicit output equals our own implicit encoding except for the sequence, which the converter
        // writes with undefined lengths: convert that back and compare with the explicit original.
        var back = new MemoryStream();
        await new NativeSyntaxTranscoder().Transcode(new MemoryStream(received), TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian, TestContext.Current.CancellationToken).CopyToAsync(back, TestContext.Current.CancellationToken);
        Assert.Equal(Normalize(TestData.Dataset(uid, 4000, explicitVR: true)), back.ToArray());
    }

    [Fact]
    public async Task Unknown_SOP_class_context_is_rejected_and_reported_per_instance()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var source = new TempDirectory();
        var good = (await DicomStoreItem.FromFileAsync(TestData.WriteFile(source.Path, TestData.NewUid()), TestContext.Current.CancellationToken))!;
        var odd = (await DicomStoreItem.FromFileAsync(TestData.WriteFile(source.Path, TestData.NewUid(), sopClassUid: "1.2.3.4.5.6"), TestContext.Current.CancellationToken))!;

        var results = await new DicomStoreSender(server.Node, Client()).SendAsync([good, odd], cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(results[0].IsSuccess, results[0].Reason);
        Assert.True(results[1].IsFailure);
        Assert.Contains("1.2.3.4.5.6", results[1].Reason, StringComparison.Ordinal);
        Assert.Contains(nameof(PresentationContextResult.AbstractSyntaxNotSupported), results[1].Reason, StringComparison.Ordinal);
        Assert.Single(server.StoredFiles());
    }

    /// <summary>Our hand-made explicit data set with its one sequence re-encoded with undefined lengths.</summary>
    private static byte[] Normalize(byte[] explicitDataset)
    {
        var output = new MemoryStream();
        new NativeSyntaxTranscoder().Transcode(new MemoryStream(explicitDataset), TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian, CancellationToken.None)
            .CopyTo(output);
        var back = new MemoryStream();
        new NativeSyntaxTranscoder().Transcode(new MemoryStream(output.ToArray()), TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian, CancellationToken.None)
            .CopyTo(back);
        return back.ToArray();
    }
}
