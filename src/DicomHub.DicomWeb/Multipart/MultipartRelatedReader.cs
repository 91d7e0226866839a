using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

namespace DicomHub.DicomWeb.Multipart;

/// <summary>
/// Reads a multipart/related body (RFC 2046 5.1, RFC 2387) part by part as it arrives. A part's body is a
/// stream that reads up to the next boundary straight from the pipe: nothing but the unread tail that might
/// be the start of a boundary is held back, so a 2 GB STOW-RS request passes through in flat memory.
/// </summary>
/// <remarks>
/// Parts must be read in order: asking for the next part skips whatever is left of the current one. The
/// preamble before the first boundary and the epilogue after the closing one are ignored, as RFC 2046 says.
/// </remarks>
public sealed class MultipartRelatedReader : IAsyncDisposable
{
    /// <summary>The largest header section a part may have before it counts as "a part without headers".</summary>
    public const int DefaultMaxHeaderBytes = 16 * 1024;

    // Transport padding (spaces after a boundary) longer than this is not padding but garbage.
    private const int MaxTransportPadding = 1024;
    private const int StreamBufferSize = 64 * 1024;

    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private static readonly byte[] HeaderTerminator = "\r\n\r\n"u8.ToArray();

    private readonly PipeReader _pipe;
    private readonly bool _ownsPipe;
    private readonly byte[] _delimiter; // CRLF "--" boundary
    private readonly int _maxHeaderBytes;
    private readonly string _boundary;

    private State _state = State.Preamble;
    private long _position;
    private int _partNumber;

    // What the last scan of the current part learned and is still true of the unconsumed buffer, so that
    // many small reads do not rescan the same bytes.
    private long _knownBodyBytes;
    private bool _delimiterAhead;

    public MultipartRelatedReader(PipeReader body, string boundary, int maxHeaderBytes = DefaultMaxHeaderBytes)
        : this(body, boundary, maxHeaderBytes, ownsPipe: false)
    {
    }

    public MultipartRelatedReader(Stream body, string boundary, int maxHeaderBytes = DefaultMaxHeaderBytes)
        : this(PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: StreamBufferSize, minimumReadSize: StreamBufferSize / 4, leaveOpen: true)), boundary, maxHeaderBytes, ownsPipe: true)
    {
    }

    private MultipartRelatedReader(PipeReader body, string boundary, int maxHeaderBytes, bool ownsPipe)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(boundary);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeaderBytes, 64);
        _pipe = body;
        _ownsPipe = ownsPipe;
        _boundary = boundary;
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        _maxHeaderBytes = maxHeaderBytes;
    }

    private enum State
    {
        Preamble,
        AfterDelimiter,
        Body,
        Finished,
    }

    /// <summary>A reader for a body whose Content-Type header is <paramref name="contentType"/>.</summary>
    /// <exception cref="MultipartException">The Content-Type is not multipart/related with a boundary.</exception>
    public static MultipartRelatedReader Create(Stream body, string? contentType) =>
        new(body, MultipartRelatedContentType.Parse(contentType).Boundary);

    /// <inheritdoc cref="Create(Stream, string?)"/>
    public static MultipartRelatedReader Create(PipeReader body, string? contentType) =>
        new(body, MultipartRelatedContentType.Parse(contentType).Boundary);

    /// <summary>Bytes of the body consumed so far.</summary>
    public long Position => _position;

    /// <summary>The next part, or null after the closing boundary. Skips what is left of the current part.</summary>
    public async ValueTask<MultipartPart?> ReadNextPartAsync(CancellationToken cancellationToken = default)
    {
        if (_state == State.Body)
        {
            await CopyBodyToAsync(_partNumber, null, cancellationToken).ConfigureAwait(false);
        }

        if (_state == State.Preamble)
        {
            await SkipPreambleAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_state == State.Finished || await ReadAfterDelimiterAsync(cancellationToken).ConfigureAwait(false))
        {
            _state = State.Finished;
            return null;
        }

        _partNumber++;
        var headers = await ReadHeadersAsync(cancellationToken).ConfigureAwait(false);
        _state = State.Body;
        _knownBodyBytes = 0;
        _delimiterAhead = false;
        return new MultipartPart(_partNumber, headers, new MultipartBodyStream(this, _partNumber));
    }

    /// <summary>Every part in order; each part's body must be used before the loop moves on.</summary>
    public async IAsyncEnumerable<MultipartPart> ReadPartsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadNextPartAsync(cancellationToken).ConfigureAwait(false) is { } part)
        {
            yield return part;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsPipe)
        {
            await _pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads body bytes of part <paramref name="partNumber"/>; 0 at its end.</summary>
    internal async ValueTask<int> ReadBodyAsync(int partNumber, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (!IsReadable(partNumber) || destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            var result = await ReadPipeAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            ScanIfNeeded(buffer);
            if (_knownBodyBytes > 0)
            {
                var count = (int)Math.Min(destination.Length, _knownBodyBytes);
                buffer.Slice(0, count).CopyTo(destination.Span);
                ConsumeBody(buffer, count);
                return count;
            }

            if (TryFinishBody(buffer, result.IsCompleted))
            {
                return 0;
            }
        }
    }

    /// <summary>Copies the rest of part <paramref name="partNumber"/>'s body to <paramref name="destination"/> (null skips it).</summary>
    internal async Task CopyBodyToAsync(int partNumber, Stream? destination, CancellationToken cancellationToken)
    {
        if (!IsReadable(partNumber))
        {
            return;
        }

        while (true)
        {
            var result = await ReadPipeAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            ScanIfNeeded(buffer);
            if (_knownBodyBytes > 0)
            {
                var body = buffer.Slice(0, _knownBodyBytes);
                if (destination is not null)
                {
                    foreach (var segment in body)
                    {
                        await destination.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                    }
                }

                ConsumeBody(buffer, _knownBodyBytes);
                continue;
            }

            if (TryFinishBody(buffer, result.IsCompleted))
            {
                return;
            }
        }
    }

    private bool IsReadable(int partNumber)
    {
        if (partNumber != _partNumber)
        {
            throw new InvalidOperationException($"Part {partNumber} of the multipart body was skipped when part {_partNumber} was read: read each part's body before asking for the next part.");
        }

        return _state == State.Body;
    }

    private void ScanIfNeeded(in ReadOnlySequence<byte> buffer)
    {
        if (_knownBodyBytes == 0 && !_delimiterAhead)
        {
            (_knownBodyBytes, _delimiterAhead) = SequenceSearch.ScanForDelimiter(buffer, _delimiter);
        }
    }

    private void ConsumeBody(in ReadOnlySequence<byte> buffer, long count)
    {
        var position = buffer.GetPosition(count);

        // Examined only up to what was consumed: the rest is still buffered and the next read returns it at once.
        _pipe.AdvanceTo(position, position);
        _position += count;
        _knownBodyBytes -= count;
    }

    /// <summary>At the end of the known body bytes: consumes the delimiter, or asks for more data.</summary>
    private bool TryFinishBody(in ReadOnlySequence<byte> buffer, bool completed)
    {
        if (_delimiterAhead)
        {
            _pipe.AdvanceTo(buffer.GetPosition(_delimiter.Length));
            _position += _delimiter.Length;
            _delimiterAhead = false;
            _state = State.AfterDelimiter;
            return true;
        }

        if (completed)
        {
            throw new MultipartException(
                $"The multipart body ended inside part {_partNumber} at byte {_position + buffer.Length} without a boundary '--{_boundary}' after it: the request was truncated or the closing boundary '--{_boundary}--' is missing.",
                _position + buffer.Length,
                _partNumber);
        }

        _pipe.AdvanceTo(buffer.Start, buffer.End);
        return false;
    }

    private async ValueTask<ReadResult> ReadPipeAsync(CancellationToken cancellationToken)
    {
        var result = await _pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("Reading the multipart body was cancelled.");
        }

        return result;
    }

    /// <summary>Skips to just past the first boundary, which may open the body without a CRLF before it.</summary>
    private async Task SkipPreambleAsync(CancellationToken cancellationToken)
    {
        var dashBoundary = _delimiter.AsMemory(2);
        var preambleStart = new List<byte>();
        var inPreamble = false;
        while (true)
        {
            var result = await ReadPipeAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!inPreamble)
            {
                if (SequenceSearch.StartsWith(buffer, dashBoundary.Span))
                {
                    _pipe.AdvanceTo(buffer.GetPosition(dashBoundary.Length));
                    _position += dashBoundary.Length;
                    _state = State.AfterDelimiter;
                    return;
                }

                if (SequenceSearch.IsPrefixOf(buffer, dashBoundary.Span) && !result.IsCompleted)
                {
                    _pipe.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                inPreamble = true;
            }

            var (skippable, found) = SequenceSearch.ScanForDelimiter(buffer, _delimiter);
            // Keep the body's first bytes for the error message; held-back bytes come round again, so slice by offset.
            var unseen = preambleStart.Count - _position;
            if (preambleStart.Count < 40 && buffer.Length > unseen)
            {
                preambleStart.AddRange(buffer.Slice(unseen, Math.Min(40 - preambleStart.Count, buffer.Length - unseen)).ToArray());
            }

            if (found)
            {
                _pipe.AdvanceTo(buffer.GetPosition(skippable + _delimiter.Length));
                _position += skippable + _delimiter.Length;
                _state = State.AfterDelimiter;
                return;
            }

            if (result.IsCompleted)
            {
                throw new MultipartException(
                    $"No boundary '--{_boundary}' was found in the {_position + buffer.Length}-byte multipart body (it starts with \"{Printable(preambleStart)}\"): the boundary in the Content-Type does not match the body, or the body is empty.",
                    _position + buffer.Length);
            }

            _pipe.AdvanceTo(buffer.GetPosition(skippable), buffer.End);
            _position += skippable;
        }
    }

    /// <summary>
    /// After "--boundary": "--" closes the body (true); otherwise optional transport padding and the CRLF that
    /// ends the boundary line, which is left unread for <see cref="ReadHeadersAsync"/>.
    /// </summary>
    private async Task<bool> ReadAfterDelimiterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await ReadPipeAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            if (reader.IsNext("--"u8, advancePast: true))
            {
                _pipe.AdvanceTo(reader.Position);
                _position += 2;
                _state = State.Finished;
                return true;
            }

            var padding = reader.AdvancePastAny((byte)' ', (byte)'\t');
            if (reader.IsNext(CrLf))
            {
                _pipe.AdvanceTo(reader.Position);
                _position += padding;
                return false;
            }

            var undecided = reader.Remaining == 0 || (reader.Remaining == 1 && reader.UnreadSpan[0] is (byte)'\r' or (byte)'-');
            if (!undecided || padding > MaxTransportPadding)
            {
                var text = Printable(buffer.Slice(reader.Position, Math.Min(reader.Remaining, 20)).ToArray());
                throw new MultipartException(
                    $"The boundary '--{_boundary}' at byte {_position - _delimiter.Length + 2} is followed by \"{text}\" instead of a line break or '--': the body uses a different boundary that starts with this one, or the boundary occurs inside a part.",
                    _position + padding,
                    _partNumber == 0 ? null : _partNumber);
            }

            if (result.IsCompleted)
            {
                throw new MultipartException(
                    $"The multipart body ends right after the boundary '--{_boundary}' at byte {_position + buffer.Length}: the request was truncated before the next part or the closing '--{_boundary}--'.",
                    _position + buffer.Length,
                    _partNumber == 0 ? null : _partNumber);
            }

            _pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads the header section of the next part; the buffer starts with the CRLF ending the boundary line.</summary>
    private async Task<IReadOnlyList<KeyValuePair<string, string>>> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        var window = _maxHeaderBytes + HeaderTerminator.Length + _delimiter.Length + 2;
        while (true)
        {
            var result = await ReadPipeAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var searched = buffer.Slice(0, Math.Min(buffer.Length, window));
            var terminator = SequenceSearch.IndexOf(searched, HeaderTerminator);
            var delimiter = SequenceSearch.IndexOf(searched.Slice(2), _delimiter);
            delimiter = delimiter < 0 ? -1 : delimiter + 2;

            if (terminator < 0 || (delimiter >= 0 && delimiter < terminator + 2))
            {
                if (delimiter >= 0)
                {
                    throw NoHeaders("it ends at the next boundary before any blank line", buffer);
                }

                if (buffer.Length > _maxHeaderBytes)
                {
                    throw NoHeaders($"no blank line ends its header section within {_maxHeaderBytes} bytes", buffer);
                }

                if (result.IsCompleted)
                {
                    throw new MultipartException(
                        $"The multipart body ended in the headers of part {_partNumber} at byte {_position + buffer.Length}: the request was truncated.",
                        _position + buffer.Length,
                        _partNumber);
                }

                _pipe.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            // Whether the blank line is really the start of the next delimiter shows only once enough bytes follow it.
            if (delimiter < 0 && buffer.Length < terminator + 2 + _delimiter.Length && !result.IsCompleted)
            {
                _pipe.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            if (terminator == 0)
            {
                throw NoHeaders("its header section is empty", buffer);
            }

            var headers = ParseHeaders(buffer.Slice(2, terminator - 2), _position + 2);

            // A part whose headers run straight into the next delimiter has an empty body; leave the delimiter
            // for the body reader to find at once.
            var consumed = delimiter == terminator + 2 ? terminator + 2 : terminator + HeaderTerminator.Length;
            _pipe.AdvanceTo(buffer.GetPosition(consumed));
            _position += consumed;
            return headers;
        }
    }

    private MultipartException NoHeaders(string why, in ReadOnlySequence<byte> buffer)
    {
        var start = Printable(buffer.Slice(2, Math.Min(buffer.Length - 2, 24)).ToArray());
        return new MultipartException(
            $"Part {_partNumber} of the multipart body (at byte {_position + 2}) has no headers: {why} (it starts with \"{start}\"). Each part must begin with header lines such as 'Content-Type: application/dicom' and a blank line before its content.",
            _position + 2,
            _partNumber);
    }

    private List<KeyValuePair<string, string>> ParseHeaders(ReadOnlySequence<byte> section, long offset)
    {
        var text = Encoding.UTF8.GetString(section);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in text.Split("\r\n"))
        {
            // obs-fold: a line starting with white space continues the previous field's value.
            if (line.Length > 0 && line[0] is ' ' or '\t' && headers.Count > 0)
            {
                var (name, value) = headers[^1];
                headers[^1] = new(name, value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line.AsSpan(0, colon).ContainsAny(" \t\"(),/;<=>?@[\\]{}") || line.AsSpan(0, colon).ContainsAnyInRange('\0', '\u001f'))
            {
                var shown = Printable(Encoding.UTF8.GetBytes(line.Length > 24 ? line[..24] : line));
                throw new MultipartException(
                    $"Part {_partNumber} of the multipart body (at byte {offset}) has no valid headers: the line \"{shown}\" is not 'Name: value'. Each part must begin with header lines such as 'Content-Type: application/dicom' and a blank line before its content.",
                    offset,
                    _partNumber);
            }

            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        return headers;
    }

    /// <summary>Bytes shown in an error message: printable ASCII as is, anything else as \xNN.</summary>
    private static string Printable(IEnumerable<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7f and not (byte)'"' ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return text.ToString();
    }
}
