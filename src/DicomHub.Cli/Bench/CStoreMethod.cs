using DicomHub.Bench.Runs;
using DicomHub.Network;
using DicomHub.Network.Association;
using DicomHub.Network.Scu;

namespace DicomHub.Cli.Bench;

/// <summary>
/// DicomHub's C-STORE SCU (<see cref="DicomStoreSender"/>) in one of the configurations. Timed from
/// before the first association is requested until the last is released, as in the paper.
/// </summary>
public sealed class CStoreMethod(string id, string label, ushort window, int associations, bool noDelay, bool associationPerObject = false, string? noDelayLabel = null, int? maxPduInEffect = null) : IExportMethod
{
    public string Id => id;

    public string Label => label;

    public MethodSettings Settings => new("C-STORE", window, associations, noDelayLabel ?? (noDelay ? "on" : "off"), maxPduInEffect ?? (int)DicomNetworkOptions.DefaultMaxPduLength, associationPerObject);

    /// <summary>The C-STORE methods.</summary>
    public static IEnumerable<IExportMethod> All() =>
    [
        new CStoreMethod("cstore-w1", "C-STORE, 1 association, window 1 (the paper's method)", 1, 1, noDelay: true),
        new CStoreMethod("cstore-assoc", "C-STORE, one association per object, window 1", 1, 1, noDelay: true, associationPerObject: true),
        new CStoreMethod("cstore-w16x4", "C-STORE, window 16, 4 parallel associations", 16, 4, noDelay: true),
        new CStoreMethod("cstore-nagle", "C-STORE, 1 association, window 1, TCP_NODELAY off (Nagle on)", 1, 1, noDelay: false),
    ];

    public async Task<IPreparedExport> PrepareAsync(BenchDataSet dataSet, ExportTarget target, CancellationToken cancellationToken)
    {
        var items = new List<DicomStoreItem>(dataSet.Files.Count);
        foreach (var file in dataSet.Files)
        {
            items.Add(await DicomStoreItem.FromFileAsync(file, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{file} is not a DICOM Part 10 file."));
        }

        var options = new DicomClientOptions
        {
            CallingAeTitle = "BENCH",
            AsyncOperationsWindow = window,
            Network = new DicomNetworkOptions { NoDelay = noDelay },
        };
        var peer = new DicomNodeUri(target.CalledAeTitle, target.Dimse.Address.ToString(), target.Dimse.Port);
        return new Prepared(items, new DicomStoreSender(peer, options, associations), associationPerObject);
    }

    private sealed class Prepared(List<DicomStoreItem> items, DicomStoreSender sender, bool associationPerObject) : IPreparedExport
    {
        public async Task<ExportOutcome> RunAsync(CancellationToken cancellationToken)
        {
            var results = new List<CStoreResult>(items.Count);
            if (associationPerObject)
            {
                foreach (var item in items)
                {
                    results.AddRange(await sender.SendAsync([item], cancellationToken: cancellationToken).ConfigureAwait(false));
                }
            }
            else
            {
                results.AddRange(await sender.SendAsync(items, cancellationToken: cancellationToken).ConfigureAwait(false));
            }

            var failed = results.Where(r => r.IsFailure).ToList();
            return new ExportOutcome(results.Count - failed.Count, failed.Count, failed.FirstOrDefault()?.Reason);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
