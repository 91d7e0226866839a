using DicomHub.Dicom.Data;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.IO;

namespace DicomHub.Network.Scu;

/// <summary>
/// The converter with the toolkit's codecs, registered in DI by <see cref="TranscodingServiceCollectionExtensions.AddDicomTranscoding"/>
/// (the SCU alone falls back to <see cref="NativeSyntaxTranscoder"/>): Explicit/Implicit VR Little Endian are
/// rewritten as a stream; anything involving a compressed or big-endian syntax goes through the toolkit's
/// <see cref="DicomTranscoder"/> (every codec in its registry). The latter parses the data set and converts
/// it in memory before sending: fine for images, not for a huge compressed instance.
/// </summary>
public sealed class ToolkitDatasetTranscoder(DicomTranscoder transcoder) : IDatasetTranscoder
{
    private readonly NativeSyntaxTranscoder _native = new();
    private readonly DicomTranscoder _transcoder = transcoder ?? throw new ArgumentNullException(nameof(transcoder));

    public bool CanTranscode(TransferSyntax from, TransferSyntax to) =>
        _native.CanTranscode(from, to) || _transcoder.CanTranscode(from, to);

    public async Task<Stream> TranscodeAsync(Stream dataset, TransferSyntax from, TransferSyntax to, CancellationToken cancellationToken)
    {
        if (_native.CanTranscode(from, to))
        {
            return _native.Transcode(dataset, from, to, cancellationToken);
        }

        // Converted up front, so a corrupt image fails this instance only, never half a message on the wire.
        DicomDataset parsed;
        await using (dataset.ConfigureAwait(false))
        {
            parsed = await DicomDatasetReader.ReadAsync(dataset, from, null, cancellationToken).ConfigureAwait(false);
        }

        var converted = await _transcoder.TranscodeAsync(parsed, from, to, cancellationToken: cancellationToken).ConfigureAwait(false);
        var output = new MemoryStream();
        await DicomDatasetWriter.WriteAsync(output, converted, to, cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }
}
