using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Network.Association;
using DicomHub.Network.Scu;
using DicomHub.Testing;

namespace DicomHub.Network.Tests.Interop;

/// <summary>
/// Our SCP against DCMTK's echoscu/storescu and our SCU against storescp, with data sets compared byte
/// for byte: Implicit/Explicit VR LE, RLE (made by dcmcrle), 4 KB and 128 KB PDUs, forced conversions.
/// </summary>
public sealed class DcmtkInteropTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Echoscu_gets_success_from_our_SCP()
    {
        var echoscu = Peers.Require("echoscu", "dcmtk");
        await using var server = await LoopbackServer.StartAsync();

        var result = await Peers.RunAsync(echoscu, ["-aec", "STORESCP", "-aet", "ECHOSCU", "127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken: Cancel);

        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    [Theory]
    [InlineData("implicit", 4096)]
    [InlineData("explicit", 4096)]
    [InlineData("explicit", 131072)]
    [InlineData("rle", 16384)]
    public async Task Storescu_sends_to_our_SCP_and_the_data_set_arrives_unchanged(string syntax, int maxPdu)
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        using var source = new TempDirectory();
        var uid = TestData.NewUid();
        var file = await MakeFileAsync(source, uid, syntax, pixelBytes: 300_000);
        await using var server = await LoopbackServer.StartAsync(network: new DicomNetworkOptions { MaxPduLength = (uint)maxPdu });
        string[] propose = syntax switch { "implicit" => ["-xi"], "rle" => ["-xr"], _ => ["-xe"] };

        var result = await Peers.RunAsync(storescu, ["-aec", "STORESCP", "-aet", "STORESCU", "-pdu", maxPdu.ToString(System.Globalization.CultureInfo.InvariantCulture), .. propose,
            "127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), file], cancellationToken: Cancel);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        var (sentInfo, sent) = await TestData.ReadFileAsync(file);
        var (receivedInfo, received) = await TestData.ReadFileAsync(Path.Combine(server.Folder.Path, uid + ".dcm"));
        Assert.Equal(sentInfo.TransferSyntax, receivedInfo.TransferSyntax);
        Assert.Equal(sent, received);
    }

    [Theory]
    [InlineData("implicit", "4096")]
    [InlineData("explicit", "4096")]
    [InlineData("explicit", "131072")]
    [InlineData("rle", "16384")]
    public async Task Our_SCU_sends_to_storescp_and_the_data_set_arrives_unchanged(string syntax, string maxPdu)
    {
        using var source = new TempDirectory();
        var uids = Enumerable.Range(0, 3).Select(_ => TestData.NewUid()).ToList();
        var files = new List<string>();
        foreach (var uid in uids)
        {
            files.Add(await MakeFileAsync(source, uid, syntax, pixelBytes: 200_000));
        }

        await using var storescp = await Storescp.StartAsync("+B", "+xa", "-pdu", maxPdu);

        var results = await SendAsync(storescp.Node, files, window: 2);

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Reason));
        foreach (var (uid, file) in uids.Zip(files))
        {
            var (sentInfo, sent) = await TestData.ReadFileAsync(file);
            var (receivedInfo, received) = await TestData.ReadFileAsync(storescp.FileFor(uid));
            Assert.Equal(sentInfo.TransferSyntax, receivedInfo.TransferSyntax);
            Assert.Equal(sent, received);
        }
    }

    [Fact]
    public async Task Storescp_accepting_only_implicit_gets_an_explicit_file_converted()
    {
        using var source = new TempDirectory();
        var uid = TestData.NewUid();
        var file = TestData.WriteFile(source.Path, uid, pixelBytes: 100_000, explicitVR: true);
        await using var storescp = await Storescp.StartAsync("+B", "+xi");

        var result = Assert.Single(await SendAsync(storescp.Node, [file]));

        Assert.True(result.IsSuccess, result.Reason);
        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, result.SentAs);
        await AssertSameElementsAsync(file, storescp.FileFor(uid), TransferSyntax.ImplicitVRLittleEndian);
    }

    [Fact]
    public async Task Storescp_refusing_RLE_gets_the_instance_decompressed_by_the_toolkit_codecs()
    {
        using var source = new TempDirectory();
        var uid = TestData.NewUid();
        var uncompressed = TestData.WriteFile(source.Path, uid, pixelBytes: 100_000, explicitVR: true);
        var rle = await MakeFileAsync(source, uid, "rle", pixelBytes: 100_000);
        await using var storescp = await Storescp.StartAsync("+B"); // default: uncompressed syntaxes only

        var result = Assert.Single(await SendAsync(storescp.Node, [rle]));

        Assert.True(result.IsSuccess, result.Reason);
        Assert.False(result.SentAs!.IsEncapsulated);
        await AssertSameElementsAsync(uncompressed, storescp.FileFor(uid), result.SentAs);
    }

    private static async Task<IReadOnlyList<CStoreResult>> SendAsync(DicomNodeUri node, IReadOnlyList<string> files, ushort window = 1)
    {
        var items = new List<DicomStoreItem>();
        foreach (var file in files)
        {
            items.Add((await DicomStoreItem.FromFileAsync(file, Cancel))!);
        }

        var options = new DicomClientOptions { CallingAeTitle = "DICOMHUB", AsyncOperationsWindow = window };
        return await new DicomStoreSender(node, options, transcoder: new ToolkitDatasetTranscoder(TestCodecs.Transcoder)).SendAsync(items, cancellationToken: Cancel);
    }

    /// <summary>Writes a test file in the syntax: our own encoder for native ones, dcmcrle for RLE.</summary>
    private static async Task<string> MakeFileAsync(TempDirectory folder, string uid, string syntax, int pixelBytes)
    {
        var native = TestData.WriteFile(folder.Path, uid, pixelBytes, explicitVR: syntax != "implicit");
        if (syntax != "rle")
        {
            return native;
        }

        var dcmcrle = Peers.Require("dcmcrle", "dcmtk");
        var compressed = Path.Combine(folder.Path, uid + ".rle.dcm");
        var result = await Peers.RunAsync(dcmcrle, [native, compressed], cancellationToken: Cancel);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return compressed;
    }

    /// <summary>Same elements with the same value bytes (sequences by item count), whatever the encoding.</summary>
    private static async Task AssertSameElementsAsync(string expectedPath, string actualPath, TransferSyntax actualSyntax)
    {
        var expected = await DicomFile.OpenAsync(expectedPath, cancellationToken: Cancel);
        var actual = await DicomFile.OpenAsync(actualPath, cancellationToken: Cancel);
        Assert.Equal(actualSyntax, actual.TransferSyntax);
        Assert.Equal(expected.Dataset.Select(i => i.Tag), actual.Dataset.Select(i => i.Tag));
        foreach (var item in expected.Dataset)
        {
            switch (item)
            {
                case DicomElement element:
                    var other = Assert.IsType<DicomElement>(actual.Dataset[item.Tag]);
                    Assert.True(element.Buffer.Memory.Span.SequenceEqual(other.Buffer.Memory.Span), $"{item.Tag} differs");
                    break;
                case DicomSequence sequence:
                    Assert.Equal(sequence.Items.Count, Assert.IsType<DicomSequence>(actual.Dataset[item.Tag]).Items.Count);
                    break;
            }
        }
    }
}
