using DicomHub.Bench.Runs;
using DicomHub.Cli.Bench.Peers;

namespace DicomHub.Cli.Bench;

/// <summary>
/// The cases `dicomhub bench` measures: the six DicomHub methods against a fresh DicomHub archive,
/// and with --peers the reference programs, as shipped and with TCP_NODELAY=1 in their environment.
/// </summary>
public static class BenchCaseCatalog
{
    public static IReadOnlyList<BenchCase> Build(bool peers)
    {
        var cases = new List<BenchCase>(DicomHubCases());
        if (peers)
        {
            foreach (var noDelay in new[] { false, true })
            {
                cases.Add(new BenchCase(new DcmtkStoreScu(noDelay), new DcmtkStoreScp(noDelay)));
            }

            cases.AddRange(OrthancCases());
        }

        return cases;
    }

    /// <summary>
    /// DicomHub's senders (the code `dicomhub send` runs) to Orthanc, in the paper's two configurations, with
    /// Orthanc as shipped and with env TCP_NODELAY=1. DicomHub's sender sets TCP_NODELAY itself in both.
    /// </summary>
    private static IEnumerable<BenchCase> OrthancCases()
    {
        foreach (var noDelayEnv in new[] { false, true })
        {
            var archive = new OrthancArchive(noDelayEnv);
            var suffix = noDelayEnv ? "-nodelay" : string.Empty;
            var noDelay = noDelayEnv ? "sender on; Orthanc env TCP_NODELAY=1" : "sender on; Orthanc as shipped";
            yield return new BenchCase(
                new CStoreMethod("orthanc-cstore" + suffix, "dicomhub send C-STORE (1 association, window 1)", 1, 1, noDelay: true, noDelayLabel: noDelay, maxPduInEffect: OrthancArchive.DefaultMaxPdu),
                archive);
            yield return new BenchCase(
                new StowMethod("orthanc-stow" + suffix, "dicomhub send STOW-RS (one request)", 0, 1, noDelay),
                archive);
        }
    }

    /// <summary>DicomHub's own senders against a fresh DicomHub archive, in the order.</summary>
    private static IEnumerable<BenchCase> DicomHubCases()
    {
        var archive = new DicomHubArchive();
        var cstore = CStoreMethod.All().ToDictionary(m => m.Id);
        var stow = StowMethod.All().ToDictionary(m => m.Id);
        return new[] { cstore["cstore-w1"], cstore["cstore-assoc"], cstore["cstore-w16x4"], stow["stow-1req"], stow["stow-b50x4"], cstore["cstore-nagle"] }
            .Select(method => new BenchCase(method, archive));
    }
}
