using System.Globalization;
using System.Net;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DicomHub.Server.Tests.Interop;

/// <summary>
/// DCMTK storescu sends compressed (RLE, JPEG Lossless SV1) and uncompressed files into the archive; QIDO-RS
/// finds them, WADO-RS and WADO-URI give back the very data-set bytes storescu sent, and /rendered decodes
/// the compressed ones.
/// </summary>
public sealed class StorescuCompressedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("1.2.840.10008.1.2.5", "-xr")]
    [InlineData("1.2.840.10008.1.2.4.70", "-xs")]
    [InlineData("1.2.840.10008.1.2.1", "-xe")]
    public async Task SentDataSetsComeBackByteIdentical(string syntaxUid, string proposeOption)
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Dimse:Enabled"] = "true", ["Dimse:Port"] = "0" });
        using var files = new TempDirectory("storescu-compressed");
        var sent = new List<byte[]>();
        for (var i = 1; i <= 2; i++)
        {
            var bytes = await ImageInstances.EncodeAsync(ImageInstances.MultiFrame($"2.{i}", frames: 2), TransferSyntax.FromUid(syntaxUid));
            sent.Add(bytes);
            await File.WriteAllBytesAsync(files.Combine($"IM{i}.dcm"), bytes, Ct);
        }

        var port = server.DimsePort!.Value.ToString(CultureInfo.InvariantCulture);
        var run = await Peers.RunAsync(storescu, [proposeOption, "-aet", "STORESCU", "-aec", "DICOMHUB", "127.0.0.1", port, .. Directory.GetFiles(files.Path).Order()], cancellationToken: Ct);
        Assert.True(run.ExitCode == 0, $"storescu failed ({run.ExitCode}): {run.StandardError}");

        using var found = JsonDocument.Parse(await server.Client.GetStringAsync("studies/1.2.3.1/series/1.2.3.1.1/instances?includefield=00083002", Ct));
        Assert.Equal(2, found.RootElement.GetArrayLength());
        Assert.All(found.RootElement.EnumerateArray(), i => Assert.Equal(syntaxUid, i.GetProperty("00083002").GetProperty("Value")[0].GetString()));

        for (var i = 1; i <= 2; i++)
        {
            var path = $"studies/1.2.3.1/series/1.2.3.1.1/instances/2.{i}";
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(Multipart.Accept("multipart/related; type=\"application/dicom\"; transfer-syntax=*"));
            using var response = await server.Client.SendAsync(request, Ct);
            var part = Assert.Single(await Multipart.ReadAsync(response, Ct));
            Assert.Equal(await DatasetBytesAsync(sent[i - 1]), await DatasetBytesAsync(part.Bytes));

            using var uri = await server.Client.GetAsync($"wado?requestType=WADO&studyUID=1.2.3.1&seriesUID=1.2.3.1.1&objectUID=2.{i}&contentType=application/dicom&transferSyntax={syntaxUid}", Ct);
            Assert.Equal(HttpStatusCode.OK, uri.StatusCode);
            Assert.Equal(await DatasetBytesAsync(sent[i - 1]), await DatasetBytesAsync(await uri.Content.ReadAsByteArrayAsync(Ct)));
        }

        using var rendered = new HttpRequestMessage(HttpMethod.Get, "studies/1.2.3.1/series/1.2.3.1.1/instances/2.1/frames/2/rendered?window=2075.5,151");
        rendered.Headers.Accept.Add(Multipart.Accept("image/png"));
        using var image = Image.Load<L8>(await (await server.Client.SendAsync(rendered, Ct)).Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(0, image[0, 0].PackedValue);
        Assert.Equal(255, image[ImageInstances.Columns - 1, 0].PackedValue);
    }

    /// <summary>The bytes after the file meta: what DIMSE carried and what "byte-identical data set" means.</summary>
    private static async Task<byte[]> DatasetBytesAsync(byte[] part10)
    {
        var info = await Part10Header.TryReadAsync(new MemoryStream(part10), Ct);
        Assert.NotNull(info);
        return part10[(int)info.DatasetOffset..];
    }
}
