using System.Net;
using System.Net.Http.Headers;
using DicomHub.Dicom.IO;
using DicomHub.DicomWeb.Multipart;

namespace DicomHub.DicomWeb.Client;

/// <summary>
/// A STOW-RS request body that streams its files: each file is opened and copied from disk while the request
/// is being written, one part per file, so the body never sits in memory and its length is never computed
/// (chunked transfer). Files that are not Part 10 are left out and reported, not sent.
/// </summary>
internal sealed class StowContent : HttpContent
{
    private readonly IReadOnlyList<string> _files;
    private readonly Action<string, long>? _fileSent;
    private readonly string _boundary = MultipartBoundary.Generate();

    public StowContent(IReadOnlyList<string> files, Action<string, long>? fileSent)
    {
        _files = files;
        _fileSent = fileSent;
        Headers.ContentType = MediaTypeHeaderValue.Parse(new MultipartRelatedContentType(_boundary, "application/dicom").ToString());
    }

    /// <summary>The files written into the body, with the UIDs read from their meta information.</summary>
    public List<(string File, Part10Info Header, long Length)> Sent { get; } = [];

    /// <summary>Files that could not be sent, with the reason.</summary>
    public List<StowInstanceResult> Skipped { get; } = [];

    public long BytesWritten { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // HttpClient may serialize again (a redirect): start the bookkeeping afresh.
        Sent.Clear();
        Skipped.Clear();
        var writer = new MultipartRelatedWriter(stream, _boundary);
        foreach (var path in _files)
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Skipped.Add(new StowInstanceResult(path, null, null, StowInstanceStatus.Failed, null, $"not sent: cannot read the file ({e.Message})"));
                continue;
            }

            await using (file.ConfigureAwait(false))
            {
                var header = await Part10Header.TryReadAsync(file, cancellationToken).ConfigureAwait(false);
                if (header is null)
                {
                    Skipped.Add(new StowInstanceResult(path, null, null, StowInstanceStatus.Failed, null, "not sent: not a DICOM Part 10 file (no 'DICM' after the 128-byte preamble)"));
                    continue;
                }

                file.Position = 0;
                await writer.WritePartAsync("application/dicom", file, cancellationToken: cancellationToken).ConfigureAwait(false);
                Sent.Add((path, header, file.Length));
                _fileSent?.Invoke(path, file.Length);
            }
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        BytesWritten = writer.BytesWritten;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
