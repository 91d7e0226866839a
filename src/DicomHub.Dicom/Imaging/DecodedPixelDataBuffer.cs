using System.Buffers;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Imaging.Codecs;

namespace DicomHub.Dicom.Imaging;

/// <summary>
/// Native Pixel Data produced from compressed frames on demand. The first frame is decoded when the buffer is
/// made (<see cref="CreateAsync"/>): that proves the data decodes and tells the output's Photometric
/// Interpretation before the Image Pixel module is written. Writing it (<see cref="CopyToAsync"/>) decodes
/// the others one at a time, so transcoding a large multi-frame image to a native syntax never holds all
/// decoded frames at once; <see cref="Memory"/> decodes everything (once) for callers that need the bytes.
/// </summary>
internal sealed class DecodedPixelDataBuffer : IByteBuffer
{
    private readonly DicomPixelData _source;
    private readonly ITransferSyntaxCodec _codec;
    private readonly byte[] _firstFrame;
    private readonly Lock _gate = new();
    private byte[]? _decoded;

    private DecodedPixelDataBuffer(DicomPixelData source, ITransferSyntaxCodec codec, byte[] firstFrame, ImageDescription output)
    {
        _source = source;
        _codec = codec;
        _firstFrame = firstFrame;
        OutputDescription = output;
        var length = source.Description.NativeLength;
        Length = length + (length & 1);
    }

    /// <summary>The native value's length, padded to even.</summary>
    public long Length { get; }

    /// <summary>What the decoder produces: the source description with the output's Photometric Interpretation and Planar Configuration.</summary>
    public ImageDescription OutputDescription { get; }

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

    /// <summary>Decodes frame 1 of <paramref name="source"/> and returns the buffer that will produce all frames.</summary>
    public static async Task<DecodedPixelDataBuffer> CreateAsync(DicomPixelData source, ITransferSyntaxCodec codec, CancellationToken cancellationToken)
    {
        var description = source.Description;
        if (description.FrameLengthInBits % 8 != 0)
        {
            throw new TransferSyntaxNotSupportedException(codec.TransferSyntax, $"Decoding {codec.TransferSyntax.Name} frames of {description.FrameLengthInBits} bits (not whole bytes, as 1-bit images have) into native pixel data is not supported.");
        }

        var first = new byte[description.FrameLength];
        var output = Decode(codec, await source.ReadFrameAsync(0, cancellationToken).ConfigureAwait(false), description, first, 0, source.FrameCount);
        return new DecodedPixelDataBuffer(source, codec, first, output);
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

    private static ImageDescription Decode(ITransferSyntaxCodec codec, ReadOnlyMemory<byte> encoded, ImageDescription description, Span<byte> frame, int index, int count)
    {
        try
        {
            return codec.Decode(encoded.Span, description, frame);
        }
        catch (DicomImagingException e)
        {
            throw new DicomImagingException($"Frame {index + 1} of {count}: {e.Message}", e);
        }
    }

    private async ValueTask WriteFramesAsync(Stream destination, CancellationToken cancellationToken)
    {
        var description = _source.Description;
        var frameLength = description.FrameLength;
        await destination.WriteAsync(_firstFrame, cancellationToken).ConfigureAwait(false);
        var frame = ArrayPool<byte>.Shared.Rent(frameLength);
        try
        {
            for (var i = 1; i < _source.FrameCount; i++)
            {
                var encoded = await _source.ReadFrameAsync(i, cancellationToken).ConfigureAwait(false);
                var output = Decode(_codec, encoded, description, frame.AsSpan(0, frameLength), i, _source.FrameCount);
                if (output.PhotometricInterpretation != OutputDescription.PhotometricInterpretation || output.PlanarConfiguration != OutputDescription.PlanarConfiguration)
                {
                    throw new DicomImagingException($"Frame {i + 1} of {_source.FrameCount} decodes to {output.PhotometricInterpretation} (planar configuration {output.PlanarConfiguration}), frame 1 to {OutputDescription.PhotometricInterpretation} ({OutputDescription.PlanarConfiguration}); one data set can hold only one.");
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
