using System.Globalization;
using DicomHub.Archive.Security.ApiKeys;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Server.Tests.Security;

/// <summary>
/// DIMSE access control against DCMTK as the peer, service by service: a calling AE title that is no listed peer is
/// rejected at association (A-ASSOCIATE-RJ "calling AE title not recognized"), a peer whose roles or service list do
/// not allow the operation gets 0124 "Refused: Not Authorized", and one that may gets its answer. Also the called AE
/// title, the peer address check, C-MOVE destinations per caller, and user identity negotiation verified for real.
/// </summary>
public sealed class DimseAccessControlTests
{
    private const string CallingAeRejected = "Reason: Calling AE Title Not Recognized";
    private const string Refused = "0x124";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_service_rejects_unknown_peers_refuses_the_wrong_role_and_serves_the_right_one()
    {
        var movePort = FreePort.Next();
        await using var scenario = await StartAsync(movePort);
        using var files = new TempDirectory("dimse-acl");
        var instance = files.Combine("new.dcm");
        await File.WriteAllBytesAsync(instance, await TestFiles.InstanceAsync("7.7.1", "7.7", "7.7.1"), Ct);
        var failures = new List<string>();

        async Task Check(string what, string tool, string[] arguments, Func<ProcessResult, bool> expected)
        {
            var run = await Peers.RunAsync(Peers.Require(tool, "dcmtk"), [.. arguments], cancellationToken: Ct);
            if (!expected(run))
            {
                failures.Add($"{what}: exit {run.ExitCode}\n{run.StandardOutput}{run.StandardError}");
            }
        }

        void Expect(bool condition, string what)
        {
            if (!condition)
            {
                failures.Add($"expected: {what}");
            }
        }

        string[] Peer(string calling, params string[] rest) => ["-v", "-aet", calling, "-aec", "DICOMHUB", .. rest, "127.0.0.1", scenario.Port];
        string[] Store(string calling) => ["-v", "-aet", calling, "-aec", "DICOMHUB", "127.0.0.1", scenario.Port, instance];
        string[] Study(params string[] rest) => ["-S", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={RetrieveScenario.Study}", .. rest];
        static bool Log(ProcessResult run, string text) => (run.StandardOutput + run.StandardError).Contains(text, StringComparison.Ordinal);

        // C-ECHO: association level only.
        await Check("echo, unknown AE", "echoscu", Peer("NOBODY"), r => r.ExitCode != 0 && Log(r, CallingAeRejected));
        await Check("echo, wrong called AE", "echoscu", ["-aet", "READER", "-aec", "NOTUS", "127.0.0.1", scenario.Port], r => r.ExitCode != 0 && Log(r, "Reason: Called AE Title Not Recognized"));
        await Check("echo, listed peer from the wrong address", "echoscu", Peer("FARAWAY"), r => r.ExitCode != 0 && Log(r, CallingAeRejected));
        await Check("echo, listed peer", "echoscu", Peer("READER"), r => r.ExitCode == 0);

        // C-STORE
        await Check("store, unknown AE", "storescu", Store("NOBODY"), r => r.ExitCode != 0 && Log(r, CallingAeRejected));
        await Check("store, read role", "storescu", Store("READER"), r => r.ExitCode != 0 && Log(r, Refused));
        await Check("store, store not in its services", "storescu", Store("FINDONLY"), r => r.ExitCode != 0 && Log(r, Refused));
        Expect(!(await StudiesAsync(scenario)).Contains("7.7"), "refused C-STOREs stored nothing");
        await Check("store, write role", "storescu", Store("WRITER"), r => r.ExitCode == 0 && !Log(r, Refused));
        Expect((await StudiesAsync(scenario)).Contains("7.7"), "the writer's C-STORE was stored");

        // C-FIND
        await Check("find, unknown AE", "findscu", Peer("NOBODY", Study()), r => r.ExitCode != 0 && Log(r, CallingAeRejected));
        await Check("find, write role", "findscu", Peer("WRITER", Study()), r => Log(r, $"Final Find Response (Unknown Status: {Refused})"));
        await Check("find, read role", "findscu", Peer("READER", Study()), r => r.ExitCode == 0 && Log(r, "Final Find Response (Success)") && Log(r, RetrieveScenario.Study));
        await Check("find, find in its services", "findscu", Peer("FINDONLY", Study()), r => r.ExitCode == 0 && Log(r, "Final Find Response (Success)"));

        // C-GET
        using var got = new TempDirectory("dimse-acl-get");
        await Check("get, unknown AE", "getscu", Peer("NOBODY", Study("-od", got.Path)), r => r.ExitCode != 0 && Log(r, "Association Rejected"));
        await Check("get, write role", "getscu", Peer("WRITER", Study("-od", got.Path)), r => Log(r, $"C-GET Response (Unknown Status: {Refused})"));
        await Check("get, get not in its services", "getscu", Peer("FINDONLY", Study("-od", got.Path)), r => Log(r, $"C-GET Response (Unknown Status: {Refused})"));
        Expect(Directory.GetFiles(got.Path).Length == 0, "refused C-GETs delivered nothing");
        await Check("get, read role", "getscu", Peer("READER", Study("-od", got.Path)), r => r.ExitCode == 0);
        Expect(Directory.GetFiles(got.Path).Length == RetrieveScenario.StudyInstances.Count, "the reader's C-GET delivered the study");

        // C-MOVE: the destination each caller may name is itself unless its MoveDestinations say more.
        using var moved = new TempDirectory("dimse-acl-move");
        string[] Move(string calling, string destination) => Peer(calling, Study("-aem", destination, "--port", movePort.ToString(CultureInfo.InvariantCulture), "-od", moved.Path));
        await Check("move, unknown AE", "movescu", Move("NOBODY", "READER"), r => r.ExitCode != 0 && Log(r, CallingAeRejected));
        await Check("move, write role", "movescu", Move("WRITER", "WRITER"), r => Log(r, $"Final Move Response (Unknown Status: {Refused})"));
        await Check("move, read role, a destination it may not name", "movescu", Move("READER", "ELSEWHERE"), r => Log(r, $"Final Move Response (Unknown Status: {Refused})"));
        Expect(Directory.GetFiles(moved.Path).Length == 0, "refused C-MOVEs delivered nothing");
        await Check("move, read role, to itself", "movescu", Move("READER", "READER"), r => r.ExitCode == 0 && Log(r, "Final Move Response (Success)"));
        Expect(Directory.GetFiles(moved.Path).Length == RetrieveScenario.StudyInstances.Count, "the reader's C-MOVE to itself delivered the study");

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public async Task A_user_identity_with_an_api_key_as_passcode_is_verified_and_confirmed_and_a_wrong_one_is_rejected_by_the_acse()
    {
        await using var scenario = await StartAsync(FreePort.Next());
        var key = (await scenario.Archive.Services.GetRequiredService<ApiKeyService>().CreateAsync("ct-scanner", ["write"], Ct)).Secret;
        using var files = new TempDirectory("dimse-identity");
        var instance = files.Combine("new.dcm");
        await File.WriteAllBytesAsync(instance, await TestFiles.InstanceAsync("8.8.1", "8.8", "8.8.1"), Ct);
        var storescu = Peers.Require("storescu", "dcmtk");
        string[] Store(string calling, params string[] identity) => ["-v", "-aet", calling, "-aec", "DICOMHUB", .. identity, "127.0.0.1", scenario.Port, instance];

        // An unlisted AE title with a good identity gets the key's roles, and the positive response it asked for.
        var good = await Peers.RunAsync(storescu, Store("NOBODY", "--user", "ct-scanner", "--password", key, "--pos-response"), cancellationToken: Ct);
        var wrongPasscode = await Peers.RunAsync(storescu, Store("NOBODY", "--user", "ct-scanner", "--password", key[..^3] + "abc"), cancellationToken: Ct);
        var wrongName = await Peers.RunAsync(storescu, Store("WRITER", "--user", "someone-else", "--password", key), cancellationToken: Ct);

        // A bare username proves nothing: no positive response (storescu gives up when it asked for one) ...
        var bareName = await Peers.RunAsync(storescu, Store("READER", "--user", "ct-scanner", "--pos-response"), cancellationToken: Ct);

        // ... and a peer that must bring an identity is rejected without one.
        var required = await Peers.RunAsync(storescu, Store("IDENTIFIED"), cancellationToken: Ct);
        var requiredWithIdentity = await Peers.RunAsync(storescu, Store("IDENTIFIED", "--user", "ct-scanner", "--password", key), cancellationToken: Ct);

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("8.8", await StudiesAsync(scenario));
        foreach (var rejected in new[] { wrongPasscode, wrongName, required })
        {
            Assert.NotEqual(0, rejected.ExitCode);
            Assert.Contains("Source: Service Provider (ACSE Related)", rejected.StandardOutput + rejected.StandardError, StringComparison.Ordinal);
        }

        Assert.Contains("Positive response requested but none received", bareName.StandardOutput + bareName.StandardError, StringComparison.Ordinal);
        Assert.True(requiredWithIdentity.ExitCode == 0, requiredWithIdentity.ToString());
    }

    /// <summary>The retrieve scenario's archive with peers: STORESCU loads it; READER may read and move to itself; WRITER stores; FINDONLY may only C-FIND; FARAWAY must come from elsewhere; IDENTIFIED must bring a user identity.</summary>
    private static Task<RetrieveScenario> StartAsync(int movePort) => RetrieveScenario.StartAsync(new Dictionary<string, string?>
    {
        ["Security:Dimse:Peers:STORESCU:Roles:0"] = "write",
        ["Security:Dimse:Peers:READER:Roles:0"] = "read",
        ["Security:Dimse:Peers:WRITER:Roles:0"] = "write",
        ["Security:Dimse:Peers:FINDONLY:Roles:0"] = "read",
        ["Security:Dimse:Peers:FINDONLY:Roles:1"] = "write",
        ["Security:Dimse:Peers:FINDONLY:Services:0"] = "find",
        ["Security:Dimse:Peers:FARAWAY:Roles:0"] = "read",
        ["Security:Dimse:Peers:FARAWAY:Addresses:0"] = "192.0.2.0/24",
        ["Security:Dimse:Peers:IDENTIFIED:Roles:0"] = "read",
        ["Security:Dimse:Peers:IDENTIFIED:RequireUserIdentity"] = "true",
        ["Destinations:READER"] = $"dicom://READER@127.0.0.1:{movePort.ToString(CultureInfo.InvariantCulture)}",
        ["Destinations:WRITER"] = $"dicom://WRITER@127.0.0.1:{movePort.ToString(CultureInfo.InvariantCulture)}",
        ["Destinations:ELSEWHERE"] = $"dicom://ELSEWHERE@127.0.0.1:{movePort.ToString(CultureInfo.InvariantCulture)}",
    });

    /// <summary>The Study Instance UIDs the archive holds, asked over DICOMweb with an admin key.</summary>
    private static async Task<List<string>> StudiesAsync(RetrieveScenario scenario)
    {
        var key = (await scenario.Archive.Services.GetRequiredService<ApiKeyService>().CreateAsync("test-admin", ["admin"], Ct)).Secret;
        using var response = await scenario.Archive.SendAsync(HttpMethod.Get, "studies", key);
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return [.. json.RootElement.EnumerateArray().Select(s => s.GetProperty("0020000D").GetProperty("Value")[0].GetString()!)];
    }
}
