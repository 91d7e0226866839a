using System.Net;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Network;
using DicomHub.Network.Scu;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomHub.Server.Tests.Conformance;

/// <summary>
/// Issue 15 #9 and #10: one identity rule for STOW-RS and C-STORE (what the sender declares must be the data
/// set's), STOW-RS parts must be Part 10, a kept duplicate is B006 with its reason as text in the body and in
/// DCMTK's view, and every STOW-RS refusal is logged with its reason.
/// </summary>
public sealed class StowConsistencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_part_without_file_meta_is_refused_with_C000_its_reason_in_the_body_and_the_log()
    {
        var log = new CapturedLog();
        await using var archive = await ConformanceArchive.StartAsync(configureServices: s => s.AddSingleton<ILoggerProvider>(log));
        var bare = DicomDatasetWriter.Encode(TestFiles.WithPixels(TestDatasets.Dataset("8.1.1.1", study: "8.1", series: "8.1.1")), TransferSyntax.ExplicitVRLittleEndian);

        var response = await archive.Server.Client.PostAsync("studies", Multipart.Dicom(bare), Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"00081197\":{\"vr\":\"US\",\"Value\":[49152]}", body, StringComparison.Ordinal);
        Assert.Contains("\"00000902\":{\"vr\":\"LO\",\"Value\":[\"Not a PS3.10 file", body, StringComparison.Ordinal);
        Assert.Contains(log.Messages, m => m.Contains("STOW-RS from", StringComparison.Ordinal) && m.Contains("refused", StringComparison.Ordinal) && m.Contains("0xC000", StringComparison.Ordinal) && m.Contains("Not a PS3.10 file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_meta_that_names_another_instance_is_refused_by_STOW_RS_and_by_C_STORE_that_declares_it()
    {
        var log = new CapturedLog();
        await using var archive = await ConformanceArchive.StartAsync(configureServices: s => s.AddSingleton<ILoggerProvider>(log));
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset("8.2.1.1", study: "8.2", series: "8.2.1"));
        // The writer always derives the meta from the data set, so the meta's UID is patched in the bytes (same length).
        var bytes = await TestFiles.Part10Async(dataset);
        var at = bytes.AsSpan().IndexOf("8.2.1.1"u8);
        Assert.True(at is > 132 and < 400, "the Media Storage SOP Instance UID is in the meta");
        bytes[at + 6] = (byte)'9';
        using var buffer = new MemoryStream(bytes);
        var path = Path.Combine(archive.Work, "mismatch.dcm");
        await File.WriteAllBytesAsync(path, bytes, Ct);

        var stow = await archive.Server.Client.PostAsync("studies", Multipart.Dicom(buffer.ToArray()), Ct);
        var item = (await DicomStoreItem.FromFileAsync(path, Ct))!;
        var store = Assert.Single(await new DicomStoreSender(new DicomNodeUri("DICOMHUB", "127.0.0.1", archive.Server.DimsePort!.Value), new DicomClientOptions { CallingAeTitle = "SENDER" })
            .SendAsync([item], cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Conflict, stow.StatusCode);
        Assert.Contains("\"00081197\":{\"vr\":\"US\",\"Value\":[43264]}", await stow.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal((ushort)0xA900, store.Status.Code);
        Assert.Contains(log.Messages, m => m.Contains("STOW-RS from", StringComparison.Ordinal) && m.Contains("0xA900", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_kept_duplicate_is_B006_with_its_reason_over_STOW_RS_and_for_storescu()
    {
        await using var archive = await ConformanceArchive.StartAsync();
        var dataset = TestFiles.WithPixels(TestDatasets.Dataset("8.3.1.1", study: "8.3", series: "8.3.1"));
        var file = await archive.WriteFileAsync(dataset, TransferSyntax.ExplicitVRLittleEndian);
        var first = await archive.StorescuAsync([file]);
        Assert.True(first.ExitCode == 0, first.ToString());

        var again = await archive.StorescuAsync([file], "-v", "-d");
        var stow = await archive.Server.Client.PostAsync("studies", Multipart.Dicom(await File.ReadAllBytesAsync(file, Ct)), Ct);

        var dimseLog = again.StandardOutput + again.StandardError;
        Assert.Contains("0xb006", dimseLog, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Stored copy kept", dimseLog, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, stow.StatusCode);
        var body = await stow.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"00081196\":{\"vr\":\"US\",\"Value\":[45062]}", body, StringComparison.Ordinal);
        Assert.Contains("\"00000902\":{\"vr\":\"LO\",\"Value\":[\"Stored copy kept", body, StringComparison.Ordinal);
        Assert.DoesNotContain("45056", body, StringComparison.Ordinal);
    }
}
