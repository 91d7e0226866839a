using System.Buffers;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging.Codecs;
using DicomHub.Dicom.IO;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Dicom.Imaging;

/// <summary>
/// Re-encodes a data set's pixel data from one transfer syntax to another, one frame at a time. Between
/// native syntaxes the pixels are untouched (byte order is the writer's business: values are little-endian in
/// memory). Compressed sources are decoded with the registry's codec; compressed targets encoded with it.
/// Both codecs are lossless, so Lossy Image Compression and Photometric Interpretation are kept.
/// Used by `dicomhub convert`, the DIMSE SCU (when a peer refuses the stored syntax) and WADO-RS.
/// </summary>
public sealed class DicomTranscoder(CodecRegistry? codecs = null, ILogger<DicomTranscoder>? logger = null)
{
    private readonly CodecRegistry _codecs = codecs ?? CodecRegistry.Default;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public CodecRegistry Codecs => _codecs;

    public bool CanTranscode(TransferSyntax source, TransferSyntax target) => _codecs.CanTranscode(source, target);

    /// <summary>
    /// A copy of <paramref name="dataset"/> (read in <paramref name="source"/>) whose pixel data is valid in
    /// <paramref name="target"/>. The input is not modified. A compressed-to-native result decodes lazily,
    /// frame by frame, when it is written.
    /// </summary>
    /// <exception cref="TransferSyntaxNotSupportedException">No codec for the source or target syntax.</exception>
    /// <exception cref="DicomImagingException">The pixel data is corrupt or inconsistent with the Image Pixel module.</exception>
    public async Task<DicomDataset> TranscodeAsync(DicomDataset dataset, TransferSyntax source, TransferSyntax target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);

        var result = dataset.Clone();
        if (source == target || dataset[DicomTags.PixelData] is null)
        {
            return result;
        }

        var decoder = source.IsEncapsulated ? _codecs.Get(source) : null;
        var encoder = target.IsEncapsulated ? _codecs.Get(target) : null;
        var pixelData = DicomPixelData.FromDataset(dataset);
        if (pixelData.IsEncapsulated != source.IsEncapsulated)
        {
            throw new DicomImagingException(source.IsEncapsulated
                ? $"The transfer syntax is {source.Name}, but Pixel Data (7FE0,0010) is a single native value instead of fragments."
                : $"The transfer syntax is {source.Name}, but Pixel Data (7FE0,0010) is encapsulated in fragments.");
        }

        _logger.LogDebug("Transcoding {Frames} frame(s) of {Rows}x{Columns} from {Source} to {Target}", pixelData.FrameCount, pixelData.Description.Rows, pixelData.Description.Columns, source.Uid, target.Uid);
        result.Remove(DicomTags.ExtendedOffsetTable);
        result.Remove(DicomTags.ExtendedOffsetTableLengths);

        if (encoder is null && decoder is null)
        {
            RelabelNative(result, pixelData.Description, target);
            return result;
        }

        if (encoder is null)
        {
            if (pixelData.Description.FrameLengthInBits % 8 != 0)
            {
                throw new TransferSyntaxNotSupportedException(source, $"Decoding {source.Name} frames of {pixelData.Description.FrameLengthInBits} bits (not whole bytes, as 1-bit images have) into native pixel data is not supported.");
            }

            // Compressed to native: decode when the value is written, one frame at a time.
            result.AddOrUpdate(new DicomElement(DicomTags.PixelData, PixelDataBuilder.NativeVR(pixelData.Description), new DecodedPixelDataBuffer(pixelData, decoder!)));
            return result;
        }

        var frames = await EncodeFramesAsync(pixelData, decoder, encoder, cancellationToken).ConfigureAwait(false);
        PixelDataBuilder.SetEncapsulated(result, frames);

        // A compressed frame has no planar layout; decoders produce colour-by-pixel, so say so.
        if (pixelData.Description.SamplesPerPixel > 1 && pixelData.Description.PlanarConfiguration != 0)
        {
            result.AddOrUpdate(DicomTags.PlanarConfiguration, DicomVR.US, 0);
        }

        return result;
    }

    /// <summary>The file re-encoded in <paramref name="target"/>; its file meta is kept (the writer updates the Transfer Syntax UID).</summary>
    public async Task<DicomFile> TranscodeAsync(DicomFile file, TransferSyntax target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var dataset = await TranscodeAsync(file.Dataset, file.TransferSyntax, target, cancellationToken).ConfigureAwait(false);
        return new DicomFile(file.FileMetaInformation, dataset, target);
    }

    private static async Task<List<ReadOnlyMemory<byte>>> EncodeFramesAsync(DicomPixelData pixelData, ITransferSyntaxCodec? decoder, ITransferSyntaxCodec encoder, CancellationToken cancellationToken)
    {
        var description = pixelData.Description;
        var frames = new List<ReadOnlyMemory<byte>>(pixelData.FrameCount);
        var native = decoder is null ? null : ArrayPool<byte>.Shared.Rent(description.FrameLength);
        try
        {
            for (var i = 0; i < pixelData.FrameCount; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var frame = await pixelData.ReadFrameAsync(i, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (decoder is not null)
                    {
                        decoder.Decode(frame.Span, description, native.AsSpan(0, description.FrameLength));
                        frame = native.AsMemory(0, description.FrameLength);
                    }

                    var output = new ArrayBufferWriter<byte>(Math.Max(1024, description.FrameLength / 2));
                    encoder.Encode(frame.Span, description, output);
                    frames.Add(output.WrittenMemory);
                }
                catch (DicomImagingException e)
                {
                    throw new DicomImagingException($"Frame {i + 1} of {pixelData.FrameCount}: {e.Message}", e);
                }
                catch (NotSupportedException e) when (e is not TransferSyntaxNotSupportedException)
                {
                    throw new TransferSyntaxNotSupportedException(encoder.TransferSyntax, $"{encoder.TransferSyntax.Name} cannot hold this image: {e.Message}", e);
                }
            }
        }
        finally
        {
            if (native is not null)
            {
                ArrayPool<byte>.Shared.Return(native);
            }
        }

        return frames;
    }

    /// <summary>Native to native: same bytes; 8-bit data labelled OW becomes OB for Big Endian, where OW would swap pixel pairs.</summary>
    private static void RelabelNative(DicomDataset result, ImageDescription description, TransferSyntax target)
    {
        if (target.IsBigEndian && description.BitsAllocated <= 8 && result[DicomTags.PixelData] is DicomElement { VR: DicomVR.OW } element)
        {
            result.AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OB, element.Buffer));
        }
    }
}
