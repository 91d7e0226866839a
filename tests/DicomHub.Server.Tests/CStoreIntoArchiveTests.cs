using System.Text.Json;
using DicomHub.Network;
using DicomHub.Network.Association;
using DicomHub.Network.Scu;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests;

/// <summary>Our own C-STORE sender into the archive's DIMSE listener: refusals mid-association.</summary>
public sealed class CStoreIntoArchiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnInstanceOverTheSizeLimitIsRefusedAndTheAssociationGoesOn()
    {
        // The data set streams from the network pipe into the staged blob; the refusal comes mid-instance, the
        // rest of that instance must be skipped and the instances after it on the same association stored.
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Dimse:Enabled"] = "true",
            ["Dimse:Port"] = "0",
            ["Dimse:AeTitle"] = "DICOMHUB",
            ["Storage:MaxInstanceBytes"] = "100000",
        });
        using var files = new TempDirectory("cstore-limit");
        var sizes = new[] { 32, 400, 32 };
        for (var i = 0; i < sizes.Length; i++)
        {
            var dataset = TestFiles.WithPixels(TestDatasets.Dataset($"2.{i + 1}", study: "1.2.3.1", series: "1.2.3.1.1"), rows: sizes[i], columns: sizes[i]);
            await File.WriteAllBytesAsync(files.Combine($"IM{i + 1}.dcm"), await TestFiles.Part10Async(dataset), Ct);
        }

        var items = new List<DicomStoreItem>();
        foreach (var file in Directory.GetFiles(files.Path).Order())
        {
            items.Add((await DicomStoreItem.FromFileAsync(file, Ct))!);
        }

        var sender = new DicomStoreSender(
            new DicomNodeUri("DICOMHUB", "127.0.0.1", server.DimsePort!.Value),
            new DicomClientOptions { CallingAeTitle = "STORESCU", AsyncOperationsWindow = 4, Network = new DicomNetworkOptions { MaxPduLength = 16384 } });
        var results = await sender.SendAsync(items, cancellationToken: Ct);

        Assert.True(results[0].IsSuccess, results[0].Reason);
        Assert.Equal(0xA700, results[1].Status.Code);
        Assert.Contains("MaxInstanceBytes", results[1].Reason, StringComparison.Ordinal);
        Assert.True(results[2].IsSuccess, results[2].Reason);
        using var query = JsonDocument.Parse(await server.Client.GetStringAsync("studies/1.2.3.1/instances", Ct));
        Assert.Equal(["2.1", "2.3"], query.RootElement.EnumerateArray().Select(i => i.GetProperty("00080018").GetProperty("Value")[0].GetString()).Order());
        Assert.Equal(2, server.BlobFiles().Length);
        Assert.Empty(server.StagedFiles());
    }
}
