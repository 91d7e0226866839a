using System.Globalization;
using System.Text.Json;
using DicomHub.Cli.Tests.Support;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Server;
using DicomHub.Testing;

namespace DicomHub.Cli.Tests;

/// <summary>`retrieve --from dicom://` with --get (C-GET) and --move (C-MOVE into our own temporary storage SCP), against DicomHub's archive and Orthanc.</summary>
public sealed class DimseRetrieveCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAndMoveFromTheArchiveWriteTheStudyAsSent()
    {
        using var dir = new TempDirectory();
        var movePort = FreePort.Next();
        await using var app = CliTestArchive.Build(dir.Combine("data"), ("Destinations:WORKSPOT", $"dicom://WORKSPOT@127.0.0.1:{movePort.ToString(CultureInfo.InvariantCulture)}"));
        await app.StartAsync(Ct);
        try
        {
            var dimse = CliTestArchive.DimseUri(app);
            var study = await SendGeneratedStudyAsync(dir, dimse);

            var get = await CliHarness.RunAsync("retrieve", "--from", dimse, "--get", "--study", study, "--out", dir.Combine("get"));
            var move = await CliHarness.RunAsync("retrieve", "--from", dimse, "--move", "WORKSPOT", "--port", movePort.ToString(CultureInfo.InvariantCulture), "--study", study, "--out", dir.Combine("move"));

            Assert.True(get.ExitCode == 0, get.ToString());
            Assert.Contains("retrieved 4 objects", get.Output, StringComparison.Ordinal);
            Assert.True(move.ExitCode == 0, move.ToString());
            Assert.Contains("retrieved 4 objects", move.Output, StringComparison.Ordinal);
            await AssertSameDatasetsAsync(dir.Combine("in"), dir.Combine("get"));
            await AssertSameDatasetsAsync(dir.Combine("in"), dir.Combine("move"));

            var unknown = await CliHarness.RunAsync("retrieve", "--from", dimse, "--move", "NOWHERE", "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture), "--study", study, "--out", dir.Combine("none"));
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains("A801H", unknown.Error, StringComparison.Ordinal);
            Assert.Contains("add it to Destinations: NOWHERE=dicom://NOWHERE@host:port", unknown.Error, StringComparison.Ordinal);
            Assert.Contains("does not know the AE title 'NOWHERE'", unknown.Error, StringComparison.Ordinal);

            var missing = await CliHarness.RunAsync("retrieve", "--from", dimse, "--get", "--study", "1.2.3.4.5.6.7", "--out", dir.Combine("missing"));
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("retrieved 0 objects", missing.Output, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task ARefusedAssociationAndAMissingModeAreClearErrors()
    {
        var refused = await CliHarness.RunAsync("retrieve", "--from", $"dicom://ARCHIVE@127.0.0.1:{FreePort.Next()}", "--get", "--study", "1.2", "--out", "x");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("C-GET from dicom://ARCHIVE@127.0.0.1", refused.Error, StringComparison.Ordinal);

        var noMode = await CliHarness.RunAsync("retrieve", "--from", "dicom://ARCHIVE@127.0.0.1:104", "--study", "1.2", "--out", "x");
        Assert.Equal(2, noMode.ExitCode);
        Assert.Contains("--get", noMode.Error, StringComparison.Ordinal);

        var both = await CliHarness.RunAsync("retrieve", "--from", "dicom://ARCHIVE@127.0.0.1:104", "--get", "--move", "X", "--study", "1.2", "--out", "x");
        Assert.Equal(2, both.ExitCode);
    }

    [Fact]
    public async Task QueryGetAndMoveAgainstOrthancsDimseScp()
    {
        Peers.Require("Orthanc", "orthanc");
        using var dir = new TempDirectory();
        var movePort = FreePort.Next();
        await using var orthanc = await OrthancServer.StartAsync(cancellationToken: Ct, dicomModalities: new Dictionary<string, OrthancModality>
        {
            ["workspot"] = new("WORKSPOT", "127.0.0.1", movePort),
            ["query"] = new("DICOMHUB_QUERY", "127.0.0.1", 104),
            ["dicomhub"] = new("DICOMHUB", "127.0.0.1", 104),
        });
        var dimse = $"dicom://ORTHANC@127.0.0.1:{orthanc.DicomPort.ToString(CultureInfo.InvariantCulture)}";
        var study = await SendGeneratedStudyAsync(dir, dimse);

        var query = await CliHarness.RunAsync("query", "--from", dimse, "--json");
        var series = await CliHarness.RunAsync("query", "--from", dimse, "--level", "series", "--study", study);
        var get = await CliHarness.RunAsync("retrieve", "--from", dimse, "--get", "--study", study, "--out", dir.Combine("get"));
        var move = await CliHarness.RunAsync("retrieve", "--from", dimse, "--move", "WORKSPOT", "--port", movePort.ToString(CultureInfo.InvariantCulture), "--study", study, "--out", dir.Combine("move"));
        var unknown = await CliHarness.RunAsync("retrieve", "--from", dimse, "--move", "NOWHERE", "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture), "--study", study, "--out", dir.Combine("none"));

        Assert.True(query.ExitCode == 0, query + orthanc.Log);
        var found = Assert.Single(JsonDocument.Parse(query.Output).RootElement.EnumerateArray());
        Assert.Equal(study, found.GetProperty("0020000D").GetProperty("Value")[0].GetString());
        Assert.True(series.ExitCode == 0, series.ToString());
        Assert.Contains("SeriesInstanceUID", series.Output, StringComparison.Ordinal);
        Assert.True(get.ExitCode == 0, get + orthanc.Log);
        Assert.Contains("retrieved 4 objects", get.Output, StringComparison.Ordinal);
        Assert.True(move.ExitCode == 0, move + orthanc.Log);
        Assert.Contains("retrieved 4 objects", move.Output, StringComparison.Ordinal);
        await AssertSameDatasetsAsync(dir.Combine("in"), dir.Combine("get"));
        await AssertSameDatasetsAsync(dir.Combine("in"), dir.Combine("move"));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("C-MOVE refused by", unknown.Error, StringComparison.Ordinal);
    }

    /// <summary>Generates four MR instances, sends them by C-STORE, and returns their Study Instance UID.</summary>
    private static async Task<string> SendGeneratedStudyAsync(TempDirectory dir, string dimse)
    {
        var generate = await CliHarness.RunAsync("generate", "-p", "mr630", "-o", dir.Combine("in"), "--seed", "11", "--limit", "4");
        Assert.True(generate.ExitCode == 0, generate.ToString());
        var send = await CliHarness.RunAsync("send", dir.Combine("in"), "--to", dimse);
        Assert.True(send.ExitCode == 0, send.ToString());
        var file = Directory.GetFiles(dir.Combine("in"), "*", SearchOption.AllDirectories).First();
        return (await DicomFile.OpenAsync(file, cancellationToken: Ct)).Dataset.GetString(Dicom.Dictionary.DicomTags.StudyInstanceUID)!;
    }

    /// <summary>Every retrieved file's data set is byte-identical to the generated file with its SOP Instance UID.</summary>
    private static async Task AssertSameDatasetsAsync(string sent, string retrieved)
    {
        var originals = new Dictionary<string, byte[]>();
        foreach (var file in Directory.GetFiles(sent, "*", SearchOption.AllDirectories))
        {
            var meta = await Part10Header.TryReadAsync(file, Ct);
            originals[meta!.SopInstanceUid] = (await File.ReadAllBytesAsync(file, Ct))[(int)meta.DatasetOffset..];
        }

        var files = Directory.GetFiles(retrieved, "*.dcm");
        Assert.Equal(originals.Count, files.Length);
        foreach (var file in files)
        {
            var meta = await Part10Header.TryReadAsync(file, Ct);
            Assert.NotNull(meta);
            Assert.Equal(meta.SopInstanceUid + ".dcm", Path.GetFileName(file));
            var bytes = (await File.ReadAllBytesAsync(file, Ct))[(int)meta.DatasetOffset..];
            Assert.True(originals[meta.SopInstanceUid].SequenceEqual(bytes), $"{meta.SopInstanceUid}: the data set differs from the one sent");
        }
    }
}
