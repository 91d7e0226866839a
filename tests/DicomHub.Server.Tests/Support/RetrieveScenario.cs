using System.Globalization;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Support;

/// <summary>
/// An archive (DIMSE on, AE DICOMHUB) holding study 1.2.3.1 (three CT instances in two series) and study 1.2.3.2
/// (one instance of another patient), stored by DCMTK's storescu; the original files are kept so that what a
/// retrieve delivers can be compared byte for byte.
/// </summary>
internal sealed class RetrieveScenario : IAsyncDisposable
{
    public const string Study = "1.2.3.1";

    private readonly TempDirectory _input = new("retrieve-in");

    private RetrieveScenario(ServerFixture archive) => Archive = archive;

    public ServerFixture Archive { get; }

    public string Port => Archive.DimsePort!.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>SOP Instance UID → the data set bytes (after the file meta) that were sent.</summary>
    public Dictionary<string, byte[]> Datasets { get; } = [];

    public static IReadOnlyList<string> StudyInstances { get; } = ["9.1", "9.2", "9.3"];

    public static async Task<RetrieveScenario> StartAsync(IDictionary<string, string?>? settings = null, TransferSyntax? syntax = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Dimse:Enabled"] = "true",
            ["Dimse:Port"] = "0",
            ["Dimse:AeTitle"] = "DICOMHUB",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var scenario = new RetrieveScenario(await ServerFixture.StartAsync(overrides));
        try
        {
            await scenario.StoreAsync(syntax ?? TransferSyntax.ExplicitVRLittleEndian);
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>Data set bytes of a Part 10 file (everything after its file meta).</summary>
    public static async Task<byte[]> DatasetBytesAsync(string path)
    {
        var meta = await Part10Header.TryReadAsync(path, TestContext.Current.CancellationToken) ?? throw new InvalidDataException($"{path} is not Part 10");
        return (await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken))[(int)meta.DatasetOffset..];
    }

    /// <summary>Asserts that <paramref name="folder"/> holds exactly the study's instances, byte-identical data sets.</summary>
    public async Task AssertReceivedStudyAsync(string folder, bool sameSyntax = true)
    {
        var files = Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        var received = new Dictionary<string, string>();
        foreach (var file in files)
        {
            var meta = await Part10Header.TryReadAsync(file, TestContext.Current.CancellationToken);
            Assert.NotNull(meta);
            received[meta.SopInstanceUid] = file;
        }

        Assert.Equal(StudyInstances, received.Keys.Order());
        if (sameSyntax)
        {
            foreach (var (uid, file) in received)
            {
                var bytes = await DatasetBytesAsync(file);
                Assert.True(Datasets[uid].SequenceEqual(bytes), $"{uid}: data set differs from what was stored");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Archive.DisposeAsync();
        _input.Dispose();
    }

    private async Task StoreAsync(TransferSyntax syntax)
    {
        DicomDataset[] datasets =
        [
            TestFiles.WithPixels(TestDatasets.Dataset("9.1", study: Study, series: "1.2.3.1.1"), rows: 16, columns: 16),
            TestFiles.WithPixels(TestDatasets.Dataset("9.2", study: Study, series: "1.2.3.1.1", instanceNumber: "2"), rows: 16, columns: 16),
            TestFiles.WithPixels(TestDatasets.Dataset("9.3", study: Study, series: "1.2.3.1.2", modality: "MR"), rows: 16, columns: 16),
            TestFiles.WithPixels(TestDatasets.Dataset("9.4", study: "1.2.3.2", series: "1.2.3.2.1", patientId: "PID2", patientName: "SMITH^ANNA")),
        ];
        foreach (var dataset in datasets)
        {
            var uid = dataset.GetString(Dicom.Dictionary.DicomTags.SOPInstanceUID)!;
            var path = _input.Combine(uid + ".dcm");
            await File.WriteAllBytesAsync(path, await TestFiles.Part10Async(dataset, syntax), TestContext.Current.CancellationToken);
            Datasets[uid] = await DatasetBytesAsync(path);
        }

        var storescu = Peers.Require("storescu", "dcmtk");
        var run = await Peers.RunAsync(storescu, ["-aet", "STORESCU", "-aec", "DICOMHUB", "-R", "+r", "+sd", "127.0.0.1", Port, _input.Path], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(run.ExitCode == 0, $"storescu failed ({run.ExitCode}): {run.StandardOutput}{run.StandardError}");
    }
}
