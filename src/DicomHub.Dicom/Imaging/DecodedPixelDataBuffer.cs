using System.Buffers;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Imaging.Codecs;

namespace DicomHub.Dicom.Imaging;

/// <summary>
/// Native Pixel Data produced from compressed frames on demand. Writing it (<see cref="CopyToAsync"/>)
/// decodes one frame at a time, so transcoding a large multi-frame image to a native syntax never holds all
/// decoded frames at once; <see cref="Memory"/> decodes everything (once) for callers that need the bytes.
/// </summary>
internal sealed class DecodedPixelDataBuffer : IByteBuffer
{
    private readonly DicomPixelData _source;
    private readonly ITransferSyntaxCodec _codec;
    private readonly Lock _gate = new();
    private byte[]? _decoded;

    public DecodedPixelDataBuffer(DicomPixelData source, ITransferSyntaxCodec codec)
    {
        _source = source;
        _codec = codec;
        var length = source.Description.NativeLength;
        Length = length + (length & 1);
    }

    /// <summary>The native value's length, padded to even.</summary>
    public long Length { get; }

    public bool IsInMemory => _decoded is not null;

    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            lock (_gate)
            {
                if (_decoded is null)
                {
                    var bytes = new byte[checked((int)Length)];
                    using var stream = new MemoryStream(bytes, writable: true);
                    WriteFramesAsync(stream, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    _decoded = bytes;
                }

                return _decoded;
            }
        }
    }

    public async ValueTask CopyToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        if (_decoded is { } decoded)
        {
            await destination.WriteAsync(decoded, cancellationToken).ConfigureAwait(false);
            return;
        }

        await WriteFramesAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    public Stream OpenRead() => new ReadOnlyMemoryStream(Memory);

    private async ValueTask WriteFramesAsync(Stream destination, CancellationToken cancellationToken)
    {
        var description = _source.Description;
        if (description.FrameLengthInBits % 8 != 0)
        {
            throw new NotSupportedException("Decoding compressed frames whose native size is not a whole number of bytes (1-bit images) is not supported.");
        }

        var frameLength = description.FrameLength;
        var frame = ArrayPool<byte>.Shared.Rent(frameLength);
        try
        {
            for (var i = 0; i < _source.FrameCount; i++)
            {
                var encoded = await _source.ReadFrameAsync(i, cancellationToken).ConfigureAwait(false);
                try
                {
                    _codec.Decode(encoded.Span, description, frame.AsSpan(0, frameLength));
                }
                catch (DicomImagingException e)
                {
                    throw new DicomImagingException($"Frame {i + 1} of {_source.FrameCount}: {e.Message}", e);
                }

                await destination.WriteAsync(frame.AsMemory(0, frameLength), cancellationToken).ConfigureAwait(false);
            }

            if ((description.NativeLength & 1) == 1)
            {
                destination.WriteByte(0);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }
}
