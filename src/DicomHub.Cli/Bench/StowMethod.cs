using System.Net;
using System.Net.Http.Headers;
using DicomHub.Bench.Runs;
using DicomHub.DicomWeb.Multipart;

namespace DicomHub.Cli.Bench;

/// <summary>
/// STOW-RS: the data set as multipart/related application/dicom parts streamed from the files (never
/// whole in memory), in one request (the paper's method) or in batches over parallel requests. Timed from
/// sending the first request until the last response has arrived. A small client of its own, so the
/// benchmark measures the protocol, with HttpClient's defaults (HTTP/1.1, TCP_NODELAY on).
/// </summary>
public sealed class StowMethod(string id, string label, int batchSize, int parallelism) : IExportMethod
{
    public string Id => id;

    public string Label => label;

    /// <summary>Window here means objects per request (0: all in one).</summary>
    public MethodSettings Settings => new("STOW-RS", batchSize, parallelism, "on", null);

    public static IEnumerable<IExportMethod> All() =>
    [
        new StowMethod("stow-1req", "STOW-RS, all objects in one streamed request (the paper's method)", 0, 1),
        new StowMethod("stow-b50x4", "STOW-RS, batches of 50 objects over 4 parallel requests", 50, 4),
    ];

    public Task<IPreparedExport> PrepareAsync(BenchDataSet dataSet, ExportTarget target, CancellationToken cancellationToken)
    {
        var batches = batchSize <= 0 ? [dataSet.Files.ToList()] : dataSet.Files.Chunk(batchSize).Select(c => c.ToList()).ToList();
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = parallelism, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromHours(1) };
        var uri = new Uri(target.DicomWebBase.ToString().TrimEnd('/') + "/studies");
        return Task.FromResult<IPreparedExport>(new Prepared(http, uri, batches, parallelism));
    }

    private sealed class Prepared(HttpClient http, Uri uri, List<List<string>> batches, int parallelism) : IPreparedExport
    {
        public async Task<ExportOutcome> RunAsync(CancellationToken cancellationToken)
        {
            int stored = 0, failed = 0;
            string? firstError = null;
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (batch, ct) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new MultipartFilesContent(batch) };
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/dicom+json"));
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Add(ref stored, batch.Count);
                }
                else
                {
                    Interlocked.Add(ref failed, batch.Count);
                    var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                    Interlocked.CompareExchange(ref firstError, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {body[..Math.Min(300, body.Length)]}", null);
                }
            }).ConfigureAwait(false);
            return new ExportOutcome(stored, failed, firstError);
        }

        public ValueTask DisposeAsync()
        {
            http.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The request body: one application/dicom part per file, copied from the file as the socket takes it.</summary>
    private sealed class MultipartFilesContent : HttpContent
    {
        private readonly IReadOnlyList<string> files;
        private readonly string boundary = MultipartBoundary.Generate();

        public MultipartFilesContent(IReadOnlyList<string> files)
        {
            this.files = files;
            Headers.ContentType = MediaTypeHeaderValue.Parse(new MultipartRelatedContentType(boundary, "application/dicom").ToString());
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var writer = new MultipartRelatedWriter(stream, boundary);
            foreach (var file in files)
            {
                var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
                await using (source.ConfigureAwait(false))
                {
                    await writer.WritePartAsync("application/dicom", source, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
