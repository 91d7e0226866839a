using System.Net;
using DicomHub.Bench.Runs;

namespace DicomHub.Cli.Bench.Peers;

/// <summary>
/// DCMTK storescp as the C-STORE reference receiver: a fresh process and folder per run, accepting every
/// transfer syntax (+xa) and writing the received data sets bit for bit (-B), so its files can be
/// fingerprinted against what was sent. Maximum PDU: DCMTK's default, 16384.
/// </summary>
public sealed class DcmtkStoreScp(bool tcpNoDelayEnv) : ITargetArchiveFactory
{
    public const string AeTitle = "STORESCP";
    public const int DefaultMaxPdu = 16384;

    public string Name => "storescp";

    public async Task<ITargetArchive> StartAsync(CancellationToken cancellationToken)
    {
        var program = PeerProcess.Find("storescp") ?? throw new CliException("storescp (DCMTK) is not installed: apt-get install dcmtk, or run without --peers.");
        var folder = Directory.CreateTempSubdirectory("dicomhub-bench-storescp-").FullName;
        var port = FreeTcpPort.Next();
        var process = PeerProcess.Start(program, ["-aet", AeTitle, "+xa", "-B", "-od", folder, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], DcmtkEnvironment.For(tcpNoDelayEnv));
        try
        {
            await process.WaitForPortAsync(port, TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(folder, recursive: true);
            throw;
        }

        return new Running(process, folder, new IPEndPoint(IPAddress.Loopback, port));
    }

    private sealed class Running(PeerProcess process, string folder, IPEndPoint endPoint) : ITargetArchive
    {
        public IPEndPoint DimseEndPoint => endPoint;

        public string AeTitle => DcmtkStoreScp.AeTitle;

        public Uri DicomWebBase => new($"http://127.0.0.1:{endPoint.Port}/no-dicomweb");

        public Task<ArchiveInventory> TakeInventoryAsync(CancellationToken cancellationToken) =>
            Part10Fingerprint.InventoryAsync(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList(), cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await process.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>The environment DCMTK and Orthanc read TCP_NODELAY from: unset (as shipped) or TCP_NODELAY=1.</summary>
internal static class DcmtkEnvironment
{
    public static IReadOnlyDictionary<string, string?> For(bool tcpNoDelay) => new Dictionary<string, string?> { ["TCP_NODELAY"] = tcpNoDelay ? "1" : null };
}
