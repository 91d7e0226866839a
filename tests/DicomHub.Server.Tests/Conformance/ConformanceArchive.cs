using System.Globalization;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Conformance;

/// <summary>
/// An archive with DIMSE on (AE DICOMHUB) for the issue 15 peer tests, plus the DCMTK calls they share:
/// storing files with storescu (proposing the files' own syntax) and retrieving with getscu.
/// </summary>
internal sealed class ConformanceArchive : IAsyncDisposable
{
    private readonly TempDirectory _work = new("conformance");

    private ConformanceArchive(ServerFixture server) => Server = server;

    public ServerFixture Server { get; }

    public string DimsePort => Server.DimsePort!.Value.ToString(CultureInfo.InvariantCulture);

    public string Work => _work.Path;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ConformanceArchive> StartAsync(IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null)
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

        return new ConformanceArchive(await ServerFixture.StartAsync(overrides, configureServices));
    }

    /// <summary>Writes <paramref name="dataset"/> as a Part 10 file in <paramref name="syntax"/> under the work folder.</summary>
    public async Task<string> WriteFileAsync(DicomDataset dataset, TransferSyntax syntax, string? name = null)
    {
        var path = Path.Combine(Work, name ?? (Guid.NewGuid().ToString("N") + ".dcm"));
        await File.WriteAllBytesAsync(path, await TestFiles.Part10Async(dataset, syntax), Ct);
        return path;
    }

    /// <summary>storescu with the given proposal options (-R: only the files' own SOP classes are proposed).</summary>
    public async Task<ProcessResult> StorescuAsync(IEnumerable<string> paths, params string[] options)
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        return await Peers.RunAsync(storescu, ["-aet", "STORESCU", "-aec", "DICOMHUB", "-R", .. options, "127.0.0.1", DimsePort, .. paths], cancellationToken: Ct);
    }

    /// <summary>getscu (study root) of one study into a new folder; returns the run and the folder.</summary>
    public async Task<(ProcessResult Run, string Folder)> GetscuStudyAsync(string studyUid, params string[] options)
    {
        var getscu = Peers.Require("getscu", "dcmtk");
        var folder = Directory.CreateDirectory(Path.Combine(Work, "get-" + Guid.NewGuid().ToString("N"))).FullName;
        var run = await Peers.RunAsync(getscu, ["-v", "-d", "-aet", "GETSCU", "-aec", "DICOMHUB", "-S", "-od", folder, .. options,
            "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={studyUid}", "127.0.0.1", DimsePort], cancellationToken: Ct);
        return (run, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _work.Dispose();
    }
}
