using System.IO.Compression;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.IO;

/// <summary>
/// Writes a bare data set (no preamble, no file meta: what DIMSE P-DATA carries) in a transfer syntax.
/// Values are streamed to the output, never the whole data set built in memory.
/// </summary>
public static class DicomDatasetWriter
{
    /// <summary>The trailing 00H that makes an odd-length deflated stream even (PS3.5 A.5).</summary>
    private static readonly ReadOnlyMemory<byte> DeflatePad = new byte[1];

    public static async Task WriteAsync(Stream stream, DicomDataset dataset, TransferSyntax transferSyntax, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        if (transferSyntax.IsDeflated)
        {
            var counter = new CountingWriteStream(stream);
            var deflate = new DeflateStream(counter, CompressionLevel.Optimal, leaveOpen: true);
            await using (deflate.ConfigureAwait(false))
            {
                await WriteEncodedAsync(deflate, dataset, transferSyntax, synchronous: false, cancellationToken).ConfigureAwait(false);
            }

            if ((counter.Written & 1) == 1)
            {
                await stream.WriteAsync(DeflatePad, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await WriteEncodedAsync(stream, dataset, transferSyntax, synchronous: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Synchronous writing for small data sets such as DIMSE command sets.</summary>
    public static void Write(Stream stream, DicomDataset dataset, TransferSyntax transferSyntax)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        if (transferSyntax.IsDeflated)
        {
            var counter = new CountingWriteStream(stream);
            using (var deflate = new DeflateStream(counter, CompressionLevel.Optimal, leaveOpen: true))
            {
                RunSynchronously(WriteEncodedAsync(deflate, dataset, transferSyntax, synchronous: true, CancellationToken.None));
            }

            if ((counter.Written & 1) == 1)
            {
                stream.Write(DeflatePad.Span);
            }

            return;
        }

        RunSynchronously(WriteEncodedAsync(stream, dataset, transferSyntax, synchronous: true, CancellationToken.None));
    }

    /// <summary>The encoded bytes of a small data set (a DIMSE command set, an item).</summary>
    public static byte[] Encode(DicomDataset dataset, TransferSyntax transferSyntax)
    {
        using var memory = new MemoryStream();
        Write(memory, dataset, transferSyntax);
        return memory.ToArray();
    }

    internal static async ValueTask WriteEncodedAsync(Stream stream, DicomDataset dataset, TransferSyntax transferSyntax, bool synchronous, CancellationToken cancellationToken)
    {
        using var output = new DicomOutput(stream, synchronous);
        var encoder = new DicomDatasetEncoder(output, transferSyntax.IsExplicitVR, transferSyntax.IsBigEndian, transferSyntax.IsEncapsulated);
        await encoder.WriteDatasetAsync(dataset, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// In synchronous mode the output never awaits anything real, so the task is complete on return; this
    /// checks that instead of blocking on it.
    /// </summary>
    internal static void RunSynchronously(ValueTask task)
    {
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("Synchronous DICOM writing did not complete synchronously.");
        }

        task.GetAwaiter().GetResult();
    }
}
