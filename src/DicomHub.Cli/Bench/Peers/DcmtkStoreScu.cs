using System.Globalization;
using DicomHub.Bench.Runs;

namespace DicomHub.Cli.Bench.Peers;

/// <summary>
/// DCMTK storescu sending the data set folder over one association (DCMTK has no asynchronous window, so
/// each C-STORE waits for its response). -xs proposes JPEG Lossless SV1 besides the uncompressed syntaxes, so
/// ct38c goes as stored. The time includes starting the process, a few milliseconds.
/// </summary>
public sealed class DcmtkStoreScu(bool tcpNoDelayEnv) : IExportMethod
{
    public string Id => tcpNoDelayEnv ? "storescu-nodelay" : "storescu";

    public string Label => tcpNoDelayEnv ? "DCMTK storescu, storescu and storescp with env TCP_NODELAY=1" : "DCMTK storescu, both as shipped (TCP_NODELAY unset)";

    public MethodSettings Settings => new("C-STORE", 1, 1, tcpNoDelayEnv ? "env TCP_NODELAY=1" : "as shipped", DcmtkStoreScp.DefaultMaxPdu);

    public Task<IPreparedExport> PrepareAsync(BenchDataSet dataSet, ExportTarget target, CancellationToken cancellationToken)
    {
        var program = PeerProcess.Find("storescu") ?? throw new CliException("storescu (DCMTK) is not installed: apt-get install dcmtk, or run without --peers.");
        return Task.FromResult<IPreparedExport>(new Prepared(program, dataSet.Root, dataSet, target, tcpNoDelayEnv));
    }

    private sealed class Prepared(string program, string folder, BenchDataSet dataSet, ExportTarget target, bool tcpNoDelayEnv) : IPreparedExport
    {
        public async Task<ExportOutcome> RunAsync(CancellationToken cancellationToken)
        {
            await using var process = PeerProcess.Start(program,
                ["-aet", "DICOMHUB", "-aec", target.CalledAeTitle, "-xs", "+sd", "+r", target.Dimse.Address.ToString(), target.Dimse.Port.ToString(CultureInfo.InvariantCulture), folder],
                DcmtkEnvironment.For(tcpNoDelayEnv));
            var exitCode = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return exitCode == 0
                ? new ExportOutcome(dataSet.ObjectCount, 0)
                : new ExportOutcome(0, dataSet.ObjectCount, $"storescu exited with {exitCode}: {process.Tail()}");
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
