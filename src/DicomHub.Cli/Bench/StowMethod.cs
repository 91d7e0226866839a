using DicomHub.Bench.Runs;
using DicomHub.DicomWeb.Client;

namespace DicomHub.Cli.Bench;

/// <summary>
/// STOW-RS with the project's own <see cref="DicomWebClient"/> (the client `dicomhub send` uses): the data set
/// as multipart/related application/dicom parts streamed from the files (never whole in memory), in one
/// request (the paper's method) or in batches over parallel requests. Timed from sending the first request
/// until the last response has arrived. HttpClient's defaults: HTTP/1.1, chunked body, TCP_NODELAY on.
/// </summary>
public sealed class StowMethod(string id, string label, int batchSize, int parallelism, string noDelay = "on") : IExportMethod
{
    public string Id => id;

    public string Label => label;

    /// <summary>Window here means objects per request (0: all in one).</summary>
    public MethodSettings Settings => new("STOW-RS", batchSize, parallelism, noDelay, null);

    public static IEnumerable<IExportMethod> All() =>
    [
        new StowMethod("stow-1req", "STOW-RS, all objects in one streamed request (the paper's method)", 0, 1),
        new StowMethod("stow-b50x4", "STOW-RS, batches of 50 objects over 4 parallel requests", 50, 4),
    ];

    public Task<IPreparedExport> PrepareAsync(BenchDataSet dataSet, ExportTarget target, CancellationToken cancellationToken)
    {
        var http = DicomWebClient.CreateHttpClient();
        var client = new DicomWebClient(http, target.DicomWebBase);
        var options = new StowOptions { BatchSize = batchSize, Parallelism = parallelism };
        return Task.FromResult<IPreparedExport>(new Prepared(http, client, dataSet.Files, options));
    }

    private sealed class Prepared(HttpClient http, DicomWebClient client, IReadOnlyList<string> files, StowOptions options) : IPreparedExport
    {
        public async Task<ExportOutcome> RunAsync(CancellationToken cancellationToken)
        {
            var result = await client.StoreAsync(files, options, cancellationToken).ConfigureAwait(false);
            var firstError = result.Requests.Select(r => r.Error).FirstOrDefault(e => e is not null)
                ?? result.Instances.FirstOrDefault(i => i.Status == StowInstanceStatus.Failed)?.Reason;
            return new ExportOutcome(result.Stored + result.Warnings, result.Failed, firstError);
        }

        public ValueTask DisposeAsync()
        {
            http.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
