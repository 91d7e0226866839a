using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using DicomHub.Dicom.Data.Buffers;

namespace DicomHub.DicomWeb.Multipart;

/// <summary>
/// Writes a multipart/related body (RFC 2046 5.1, RFC 2387) part by part, copying each part's bytes from its
/// source as it goes: nothing is buffered beyond one copy chunk, so a WADO-RS study or a STOW-RS request of any
/// size streams. Call <see cref="CompleteAsync"/> to write the closing boundary.
/// </summary>
public sealed class MultipartRelatedWriter
{
    private const int CopyChunkSize = 64 * 1024;

    private readonly Stream _destination;
    private bool _completed;

    public MultipartRelatedWriter(Stream destination, string? boundary = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        boundary ??= MultipartBoundary.Generate();
        MultipartBoundary.Validate(boundary);
        _destination = destination;
        Boundary = boundary;
    }

    public MultipartRelatedWriter(PipeWriter destination, string? boundary = null)
        : this(destination.AsStream(leaveOpen: true), boundary)
    {
    }

    public string Boundary { get; }

    /// <summary>Parts written so far.</summary>
    public int PartCount { get; private set; }

    /// <summary>Bytes written so far, boundaries and headers included.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The Content-Type header value for this body, e.g. for <paramref name="type"/> "application/dicom".</summary>
    public string ContentType(string type, string? transferSyntax = null) =>
        new MultipartRelatedContentType(Boundary, type, transferSyntax: transferSyntax).ToString();

    /// <summary>Writes a part whose body is read from <paramref name="body"/> to its end.</summary>
    /// <param name="headers">Further headers such as Content-Location or Content-ID.</param>
    public async Task WritePartAsync(string contentType, Stream body, IEnumerable<KeyValuePair<string, string>>? headers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        long? length = body.CanSeek ? body.Length - body.Position : null;
        await WriteHeadersAsync(contentType, length, headers, cancellationToken).ConfigureAwait(false);

        var chunk = ArrayPool<byte>.Shared.Rent(CopyChunkSize);
        try
        {
            long copied = 0;
            int read;
            while ((read = await body.ReadAsync(chunk.AsMemory(0, CopyChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await _destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                copied += read;
            }

            BytesWritten += copied;
            if (length is { } declared && copied != declared)
            {
                throw new IOException($"Part {PartCount} was declared as {declared} bytes but its source gave {copied}: the file changed while it was being sent.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Writes a part from a value buffer (a lazy file buffer is streamed, not loaded).</summary>
    public async Task WritePartAsync(string contentType, IByteBuffer body, IEnumerable<KeyValuePair<string, string>>? headers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        await WriteHeadersAsync(contentType, body.Length, headers, cancellationToken).ConfigureAwait(false);
        await body.CopyToAsync(_destination, cancellationToken).ConfigureAwait(false);
        BytesWritten += body.Length;
    }

    /// <summary>Writes a part held in memory.</summary>
    public async Task WritePartAsync(string contentType, ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>>? headers = null, CancellationToken cancellationToken = default)
    {
        await WriteHeadersAsync(contentType, body.Length, headers, cancellationToken).ConfigureAwait(false);
        await _destination.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        BytesWritten += body.Length;
    }

    /// <summary>Writes the closing boundary; no part can follow.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCompleted();
        _completed = true;
        var close = Encoding.ASCII.GetBytes((PartCount == 0 ? "--" : "\r\n--") + Boundary + "--\r\n");
        await _destination.WriteAsync(close, cancellationToken).ConfigureAwait(false);
        BytesWritten += close.Length;
        await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteHeadersAsync(string contentType, long? length, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ThrowIfCompleted();

        // The CRLF before "--boundary" belongs to the delimiter, so the first part's boundary has none.
        var text = new StringBuilder(PartCount == 0 ? "--" : "\r\n--").Append(Boundary).Append("\r\n");
        AppendHeader(text, "Content-Type", contentType);
        if (length is { } known)
        {
            AppendHeader(text, "Content-Length", known.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (name, value) in headers ?? [])
        {
            AppendHeader(text, name, value);
        }

        text.Append("\r\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        await _destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        BytesWritten += bytes.Length;
        PartCount++;
    }

    private static void AppendHeader(StringBuilder text, string name, string value)
    {
        // A line break in a header would end the header section early and corrupt the body.
        if (string.IsNullOrWhiteSpace(name) || name.AsSpan().IndexOfAny(":\r\n ") >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"The part header '{name}: {value}' cannot be written: names are tokens without ':' and values have no line breaks.");
        }

        text.Append(name).Append(": ").Append(value).Append("\r\n");
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The multipart body is already closed: write every part before CompleteAsync.");
        }
    }
}
