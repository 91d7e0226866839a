using System.Globalization;
using System.Net;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Network;
using DicomHub.Network.Scu;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Forwarding;

/// <summary>A synthetic study for forwarding tests: stored into a node by STOW-RS or C-STORE, read back from any archive.</summary>
internal sealed class StudyData
{
    private StudyData(string studyUid, IReadOnlyList<(string Sop, string Series, byte[] Part10)> instances)
    {
        StudyInstanceUid = studyUid;
        Instances = instances;
    }

    public string StudyInstanceUid { get; }

    public IReadOnlyList<(string Sop, string Series, byte[] Part10)> Instances { get; }

    public IEnumerable<string> SopUids => Instances.Select(i => i.Sop);

    /// <summary><paramref name="count"/> instances over two series, with distinct 32×32 pixels.</summary>
    public static async Task<StudyData> CreateAsync(string studyUid, int count, string modality = "CT")
    {
        var instances = new List<(string, string, byte[])>();
        for (var i = 1; i <= count; i++)
        {
            var series = $"{studyUid}.{1 + (i % 2)}";
            var sop = $"{series}.{i}";
            var dataset = TestFiles.WithPixels(TestDatasets.Dataset(sop, study: studyUid, series: series, modality: modality, instanceNumber: i.ToString(CultureInfo.InvariantCulture)), rows: 32, columns: 32);
            instances.Add((sop, series, await TestFiles.Part10Async(dataset)));
        }

        return new StudyData(studyUid, instances);
    }

    public async Task StowAsync(HubNode node, CancellationToken cancellationToken)
    {
        using var response = await node.Client.PostAsync("studies", Multipart.Dicom([.. Instances.Select(i => i.Part10)]), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>C-STORE of every instance to the node as <paramref name="callingAeTitle"/>.</summary>
    public async Task CStoreAsync(HubNode node, string callingAeTitle, CancellationToken cancellationToken)
    {
        using var folder = new TempDirectory("forward-send");
        var items = new List<DicomStoreItem>();
        foreach (var (sop, _, bytes) in Instances)
        {
            var path = folder.Combine(sop + ".dcm");
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            items.Add((await DicomStoreItem.FromFileAsync(path, cancellationToken))!);
        }

        var sender = new DicomStoreSender(DicomNodeUri.Parse(node.DimseUrl), new DicomClientOptions { CallingAeTitle = callingAeTitle });
        var results = await sender.SendAsync(items, cancellationToken: cancellationToken);
        Assert.All(results, r => Assert.True(r.IsSuccess, r.Reason));
    }

    /// <summary>The data set encoded canonically (Explicit VR LE, no file meta): equal bytes mean equal data sets.</summary>
    public static async Task<byte[]> CanonicalAsync(byte[] part10, CancellationToken cancellationToken)
    {
        var file = await DicomFile.ReadAsync(new MemoryStream(part10), cancellationToken: cancellationToken);
        return DicomDatasetWriter.Encode(file.Dataset, TransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>One instance as a node's WADO-RS returns it (as stored).</summary>
    public static async Task<byte[]> RetrieveAsync(HubNode node, string study, string series, string sop, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"studies/{study}/series/{series}/instances/{sop}");
        request.Headers.Accept.Add(Multipart.Accept("multipart/related; type=\"application/dicom\"; transfer-syntax=*"));
        using var response = await node.Client.SendAsync(request, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(await Multipart.ReadAsync(response, cancellationToken)).Bytes;
    }
}
