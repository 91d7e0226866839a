using System.Net;
using System.Net.Http.Headers;
using DicomHub.Dicom.IO;
using DicomHub.DicomWeb.Multipart;

namespace DicomHub.DicomWeb.Client;

/// <summary>
/// A STOW-RS request body that streams its sources: each file (or blob) is opened and copied while the request
/// is being written, one part per source, so the body never sits in memory and its length is never computed
/// (chunked transfer). Files that are not Part 10 are left out and reported, not sent.
/// </summary>
internal sealed class StowContent : HttpContent
{
    private readonly IReadOnlyList<StowSource> _files;
    private readonly Action<string, long>? _fileSent;
    private readonly string _boundary = MultipartBoundary.Generate();

    public StowContent(IReadOnlyList<StowSource> files, Action<string, long>? fileSent)
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
        foreach (var source in _files)
        {
            var path = source.Name;
            Stream file;
            try
            {
                file = await source.Open(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Skipped.Add(new StowInstanceResult(path, null, null, StowInstanceStatus.Failed, null, $"not sent: cannot read the file ({e.Message})"));
                continue;
            }

            Part10Info? header;
            try
            {
                header = await Part10Header.TryReadAsync(file, cancellationToken).ConfigureAwait(false);
                if (header is not null && file.CanSeek)
                {
                    file.Position = 0;
                }
                else if (header is not null)
                {
                    // A sequential source (an object store): open it again from the start rather than keep the head.
                    await file.DisposeAsync().ConfigureAwait(false);
                    file = await source.Open(cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                await file.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            await using (file.ConfigureAwait(false))
            {
                if (header is null)
                {
                    Skipped.Add(new StowInstanceResult(path, null, null, StowInstanceStatus.Failed, null, "not sent: not a DICOM Part 10 file (no 'DICM' after the 128-byte preamble)"));
                    continue;
                }

                var before = writer.BytesWritten;
                await writer.WritePartAsync("application/dicom", file, cancellationToken: cancellationToken).ConfigureAwait(false);
                var length = file.CanSeek ? file.Length : writer.BytesWritten - before;
                Sent.Add((path, header, length));
                _fileSent?.Invoke(path, length);
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
