using System.IO.Compression;
using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.IO;

/// <summary>Reads a bare data set (no preamble, no file meta: what DIMSE P-DATA carries) in a known transfer syntax.</summary>
public static class DicomDatasetReader
{
    public static async Task<DicomDataset> ReadAsync(Stream stream, TransferSyntax transferSyntax, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        options ??= DicomReadOptions.Default;
        var warn = options.Warning ?? (static _ => { });
        var dataset = new DicomDataset();
        if (transferSyntax.IsDeflated)
        {
            var inflater = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            await using (inflater.ConfigureAwait(false))
            {
                using var inflated = new DicomByteSource(inflater);
                await ReadBodyAsync(inflated, transferSyntax, dataset, options, warn, cancellationToken).ConfigureAwait(false);
            }

            return dataset;
        }

        using var source = new DicomByteSource(stream, DicomByteSource.FilePathOf(stream));
        await ReadBodyAsync(source, transferSyntax, dataset, options, warn, cancellationToken).ConfigureAwait(false);
        return dataset;
    }

    /// <summary>
    /// Reads the data set body. For little-endian syntaxes the first element is checked against the
    /// declared VR style, since files that say explicit but are implicit (or the reverse) are common.
    /// </summary>
    internal static async ValueTask ReadBodyAsync(DicomByteSource source, TransferSyntax transferSyntax, DicomDataset dataset, DicomReadOptions options, Action<string> warn, CancellationToken cancellationToken)
    {
        var parser = new DicomDatasetParser(source, options, warn)
        {
            StopAt = options.StopBeforePixelData ? IsPixelDataTag : null,
        };
        var explicitVR = transferSyntax.IsExplicitVR;
        var bigEndian = transferSyntax.IsBigEndian;
        if (!bigEndian && await parser.SniffEncodingAsync(cancellationToken).ConfigureAwait(false) is { BigEndian: false } guess)
        {
            // Switch only on clear evidence: explicit data always has a VR; implicit data shows a VR that
            // fits the tag only by a freak length value.
            var actuallyExplicit = explicitVR ? guess.HasVR : guess.HasVR && guess.VRFitsTag;
            if (actuallyExplicit != explicitVR)
            {
                warn($"The data set is declared {(explicitVR ? "explicit" : "implicit")} VR ({transferSyntax.Uid}) but is encoded in {(actuallyExplicit ? "explicit" : "implicit")} VR; read as such.");
                explicitVR = actuallyExplicit;
            }
        }

        await parser.ParseAsync(dataset, explicitVR, bigEndian, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsPixelDataTag(DicomTag tag) =>
        tag.Group == 0x7FE0 && tag.Element is 0x0008 or 0x0009 or 0x0010;
}
