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
        }

        return cases;
    }

    /// <summary>DicomHub's own sender against its own archive (filled in as the DIMSE, STOW-RS and archive pieces land).</summary>
    private static IEnumerable<BenchCase> DicomHubCases() => [];
}
