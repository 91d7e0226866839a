using System.IO.Pipelines;
using DicomHub.Dicom.Data;

namespace DicomHub.Network.Scu;

/// <summary>
/// Converts between Implicit and Explicit VR Little Endian as a stream: element values are copied as they
/// are (both are little endian), only headers change, so even a huge data set passes in bounded memory.
/// Compressed syntaxes need the toolkit's codecs and are not handled here.
/// </summary>
public sealed class NativeSyntaxTranscoder : IDatasetTranscoder
{
    public bool CanTranscode(TransferSyntax from, TransferSyntax to) => IsNative(from) && IsNative(to);

    public Task<Stream> TranscodeAsync(Stream dataset, TransferSyntax from, TransferSyntax to, CancellationToken cancellationToken) =>
        Task.FromResult(Transcode(dataset, from, to, cancellationToken));

    /// <summary>The converted data set as a stream produced while it is read (a converter task feeds a pipe).</summary>
    public Stream Transcode(Stream dataset, TransferSyntax from, TransferSyntax to, CancellationToken cancellationToken)
    {
        if (!CanTranscode(from, to))
        {
            throw new NotSupportedException($"Cannot convert {from} to {to} without the image codecs.");
        }

        if (from == to)
        {
            return dataset;
        }

        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 64 * 1024)); // 64 KB segments stay pooled (see ScpMessageHandler)
        _ = Task.Run(async () =>
        {
            try
            {
                await using (dataset.ConfigureAwait(false))
                {
                    await using var output = new BufferedStream(pipe.Writer.AsStream(leaveOpen: true), 1 << 16);
                    var converter = new NativeDatasetConverter(new BufferedStream(dataset, 1 << 16), output, from.IsExplicitVR, to.IsExplicitVR);
                    await converter.ConvertAsync(cancellationToken).ConfigureAwait(false);
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
            }
        }, CancellationToken.None);
        return pipe.Reader.AsStream();
    }

    private static bool IsNative(TransferSyntax syntax) =>
        syntax == TransferSyntax.ImplicitVRLittleEndian || syntax == TransferSyntax.ExplicitVRLittleEndian;
}
