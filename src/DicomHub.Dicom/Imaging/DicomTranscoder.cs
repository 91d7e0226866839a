using System.Buffers;
using System.Globalization;
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
/// The Image Pixel module follows the pixels: a decoder that converts colour (JPEG YCbCr to RGB) or an encoder
/// that does (RGB to YBR_FULL_422, YBR_RCT) changes Photometric Interpretation, and a lossy encoder sets Lossy
/// Image Compression, its ratio and method. One instance is registered in DI
/// (<see cref="CodecServiceCollectionExtensions.AddDicomCodecs"/>) and used by `dicomhub convert`, the DIMSE
/// SCU (when a peer refuses the stored syntax) and WADO-RS.
/// </summary>
public sealed class DicomTranscoder(CodecRegistry codecs, ILogger<DicomTranscoder>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public CodecRegistry Codecs { get; } = codecs ?? throw new ArgumentNullException(nameof(codecs));

    public bool CanTranscode(TransferSyntax source, TransferSyntax target) => Codecs.CanTranscode(source, target);

    /// <summary>
    /// A copy of <paramref name="dataset"/> (read in <paramref name="source"/>) whose pixel data is valid in
    /// <paramref name="target"/>. The input is not modified. A compressed-to-native result decodes the first
    /// frame now (so a corrupt image fails here, and the output's Photometric Interpretation is known before
    /// anything is written) and the others lazily, frame by frame, when it is written.
    /// </summary>
    /// <exception cref="TransferSyntaxNotSupportedException">No codec for the source or target syntax.</exception>
    /// <exception cref="DicomImagingException">The pixel data is corrupt or inconsistent with the Image Pixel module.</exception>
    public async Task<DicomDataset> TranscodeAsync(DicomDataset dataset, TransferSyntax source, TransferSyntax target, CodecParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        parameters ??= CodecParameters.Default;

        var result = dataset.Clone();
        if (source == target || dataset[DicomTags.PixelData] is null)
        {
            return result;
        }

        var decoder = source.IsEncapsulated ? Codecs.Get(source) : null;
        var encoder = target.IsEncapsulated ? Codecs.GetEncoder(target) : null;
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
            // Compressed to native: frame 1 now, the rest when the value is written, one frame at a time.
            var buffer = await DecodedPixelDataBuffer.CreateAsync(pixelData, decoder!, cancellationToken).ConfigureAwait(false);
            ApplyDescription(result, pixelData.Description, buffer.OutputDescription);
            result.AddOrUpdate(new DicomElement(DicomTags.PixelData, PixelDataBuilder.NativeVR(buffer.OutputDescription), buffer));
            return result;
        }

        var (frames, encoded) = await EncodeFramesAsync(pixelData, decoder, encoder, parameters, cancellationToken).ConfigureAwait(false);
        PixelDataBuilder.SetEncapsulated(result, frames);
        ApplyDescription(result, pixelData.Description, encoded);
        if (encoder.LossyMethod(parameters) is { } method)
        {
            MarkLossy(result, method, pixelData.Description.NativeLength, frames.Sum(f => (long)f.Length));
        }

        return result;
    }

    /// <summary>The file re-encoded in <paramref name="target"/>; its file meta is kept (the writer updates the Transfer Syntax UID).</summary>
    public async Task<DicomFile> TranscodeAsync(DicomFile file, TransferSyntax target, CodecParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var dataset = await TranscodeAsync(file.Dataset, file.TransferSyntax, target, parameters, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new DicomFile(file.FileMetaInformation, dataset, target);
    }

    /// <summary>Decodes every frame (when compressed) and encodes it; returns the fragments and the description of the encoded image.</summary>
    private static async Task<(List<ReadOnlyMemory<byte>> Frames, ImageDescription Encoded)> EncodeFramesAsync(DicomPixelData pixelData, ITransferSyntaxCodec? decoder, ITransferSyntaxCodec encoder, CodecParameters parameters, CancellationToken cancellationToken)
    {
        var description = pixelData.Description;
        var frames = new List<ReadOnlyMemory<byte>>(pixelData.FrameCount);
        var native = decoder is null ? null : ArrayPool<byte>.Shared.Rent(description.FrameLength);
        ImageDescription? encoded = null;
        try
        {
            for (var i = 0; i < pixelData.FrameCount; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var frame = await pixelData.ReadFrameAsync(i, cancellationToken).ConfigureAwait(false);
                try
                {
                    var frameDescription = description;
                    if (decoder is not null)
                    {
                        frameDescription = decoder.Decode(frame.Span, description, native.AsSpan(0, description.FrameLength));
                        frame = native.AsMemory(0, description.FrameLength);
                    }

                    var output = new ArrayBufferWriter<byte>(Math.Max(1024, description.FrameLength / 2));
                    var result = encoder.Encode(frame.Span, frameDescription, parameters, output);
                    if (encoded is not null && encoded.PhotometricInterpretation != result.PhotometricInterpretation)
                    {
                        throw new DicomImagingException($"The frames encode to different photometric interpretations ({encoded.PhotometricInterpretation}, {result.PhotometricInterpretation}); one data set can hold only one.");
                    }

                    encoded = result;
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

        return (frames, encoded ?? description);
    }

    /// <summary>Photometric Interpretation and Planar Configuration as the codec left them (colour only has the latter).</summary>
    private static void ApplyDescription(DicomDataset result, ImageDescription before, ImageDescription after)
    {
        if (after.PhotometricInterpretation != before.PhotometricInterpretation)
        {
            result.AddOrUpdate(DicomTags.PhotometricInterpretation, after.PhotometricInterpretation);
        }

        if (after.SamplesPerPixel > 1 && (after.PlanarConfiguration != before.PlanarConfiguration || !result.Contains(DicomTags.PlanarConfiguration)))
        {
            result.AddOrUpdate(DicomTags.PlanarConfiguration, DicomVR.US, after.PlanarConfiguration);
        }
    }

    /// <summary>PS3.3 C.7.6.1.1.5: once lossy, always "01", with each lossy step's ratio and method appended.</summary>
    private static void MarkLossy(DicomDataset result, string method, long nativeBytes, long compressedBytes)
    {
        var ratio = compressedBytes == 0 ? 1 : (double)nativeBytes / compressedBytes;
        var ratios = result.GetStrings(DicomTags.LossyImageCompressionRatio);
        var methods = result.GetStrings(DicomTags.LossyImageCompressionMethod);
        result.AddOrUpdate(DicomTags.LossyImageCompression, "01");
        result.AddOrUpdate(DicomTags.LossyImageCompressionRatio, [.. ratios, ratio.ToString("0.####", CultureInfo.InvariantCulture)]);
        result.AddOrUpdate(DicomTags.LossyImageCompressionMethod, [.. methods, method]);
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
