using System.Globalization;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Interop;

/// <summary>DCMTK's movescu asks the archive's C-MOVE SCP to send studies to movescu's own storage SCP (--port).</summary>
public sealed class MovescuAgainstArchiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StudyRootMoveSendsTheStudyByteForByteToTheConfiguredDestination()
    {
        var port = FreePort.Next();
        await using var scenario = await RetrieveScenario.StartAsync(Destination("MOVESCU", port));
        using var output = new TempDirectory("movescu-out");

        var run = await MoveAsync(scenario, port, output.Path, "MOVESCU", ["-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={RetrieveScenario.Study}"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var log = run.StandardOutput + run.StandardError;
        Assert.Matches(@"Remaining Suboperations\s+: 2", log);
        Assert.Matches(@"Completed Suboperations\s+: 3", log);
        Assert.Matches(@"Failed Suboperations\s+: 0", log);
        Assert.Matches(@"DIMSE Status\s+: 0x0000: Success", log);
        await scenario.AssertReceivedStudyAsync(output.Path);
    }

    [Fact]
    public async Task PatientRootSeriesLevelMoveSendsOnlyThatSeries()
    {
        var port = FreePort.Next();
        await using var scenario = await RetrieveScenario.StartAsync(Destination("MOVESCU", port));
        using var output = new TempDirectory("movescu-out");

        var run = await MoveAsync(scenario, port, output.Path, "MOVESCU",
            ["-P", "-k", "QueryRetrieveLevel=SERIES", "-k", "PatientID=PID1", "-k", $"StudyInstanceUID={RetrieveScenario.Study}", "-k", "SeriesInstanceUID=1.2.3.1.1"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["9.1", "9.2"], Received(output.Path));
    }

    [Fact]
    public async Task MovescuCancelStopsTheSubOperationsWithFE00()
    {
        var port = FreePort.Next();
        await using var scenario = await RetrieveScenario.StartAsync(Destination("MOVESCU", port));
        using var output = new TempDirectory("movescu-out");

        // movescu sends C-CANCEL-RQ as soon as the first pending response arrives; it then still serves the
        // C-STORE already on its way, so the archive stops before the last of the three.
        var run = await MoveAsync(scenario, port, output.Path, "MOVESCU", ["--cancel", "1", "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={RetrieveScenario.Study}"]);

        var log = run.StandardOutput + run.StandardError;
        Assert.Matches(@"DIMSE Status\s+: 0xfe00", log);
        Assert.InRange(Received(output.Path).Length, 1, 2);
    }

    [Fact]
    public async Task AnUnknownMoveDestinationIsRefusedWithA801AndTheFix()
    {
        var port = FreePort.Next();
        await using var scenario = await RetrieveScenario.StartAsync();
        using var output = new TempDirectory("movescu-out");

        var run = await MoveAsync(scenario, port, output.Path, "NOWHERE", ["-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={RetrieveScenario.Study}"]);

        var log = run.StandardOutput + run.StandardError;
        Assert.Contains("0xa801", log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("add it to Destinations: NOWHERE=dicom://NOWHERE@host:port", log, StringComparison.Ordinal);
        Assert.Empty(Received(output.Path));
    }

    [Fact]
    public async Task AWrongLevelIsRefusedWithA900AndAMissingUniqueKeyToo()
    {
        var port = FreePort.Next();
        await using var scenario = await RetrieveScenario.StartAsync(Destination("MOVESCU", port));
        using var output = new TempDirectory("movescu-out");

        var wrongLevel = await MoveAsync(scenario, port, output.Path, "MOVESCU", ["-S", "-k", "QueryRetrieveLevel=VOLUME", "-k", $"StudyInstanceUID={RetrieveScenario.Study}"]);
        var log = wrongLevel.StandardOutput + wrongLevel.StandardError;
        Assert.Contains("0xa900", log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("VOLUME", log, StringComparison.Ordinal);

        var patientOnStudyRoot = await MoveAsync(scenario, port, output.Path, "MOVESCU", ["-S", "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID=PID1"]);
        Assert.Contains("0xa900", patientOnStudyRoot.StandardOutput + patientOnStudyRoot.StandardError, StringComparison.OrdinalIgnoreCase);

        var noSeriesUid = await MoveAsync(scenario, port, output.Path, "MOVESCU", ["-S", "-k", "QueryRetrieveLevel=SERIES", "-k", $"StudyInstanceUID={RetrieveScenario.Study}"]);
        log = noSeriesUid.StandardOutput + noSeriesUid.StandardError;
        Assert.Contains("0xa900", log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SeriesInstanceUID", log, StringComparison.Ordinal);
        Assert.Empty(Received(output.Path));
    }

    [Fact]
    public async Task ADestinationThatIsDownEndsWithA702AndTheFailedInstances()
    {
        var port = FreePort.Next();
        await using var scenario = await RetrieveScenario.StartAsync(Destination("DOWN", FreePort.Next()));
        using var output = new TempDirectory("movescu-out");

        var run = await MoveAsync(scenario, port, output.Path, "DOWN", ["-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={RetrieveScenario.Study}"]);

        var log = run.StandardOutput + run.StandardError;
        Assert.Contains("0xa702", log, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"Failed Suboperations\s+: 3", log);
        Assert.Contains("cannot associate with DOWN", log, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> Destination(string aeTitle, int port) =>
        new() { [$"Destinations:{aeTitle}"] = $"dicom://{aeTitle}@127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" };

    /// <summary>SOP Instance UIDs of the files movescu wrote (it names them MODALITY.UID).</summary>
    private static string[] Received(string folder) =>
        Directory.GetFiles(folder).Select(Path.GetFileName).Select(n => n![(n!.IndexOf('.', StringComparison.Ordinal) + 1)..]).Order().ToArray();

    private static async Task<ProcessResult> MoveAsync(RetrieveScenario scenario, int port, string output, string destination, string[] arguments)
    {
        var movescu = Peers.Require("movescu", "dcmtk");
        return await Peers.RunAsync(movescu,
            ["-v", "-d", "-aet", "MOVESCU", "-aec", "DICOMHUB", "-aem", destination, "--port", port.ToString(CultureInfo.InvariantCulture), "-od", output, .. arguments, "127.0.0.1", scenario.Port],
            cancellationToken: Ct);
    }
}
