namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>SOS (T.81 B.2.3) for a lossless scan: which components, their tables, predictor (Ss) and point transform (Al).</summary>
internal sealed class ScanHeader
{
    private ScanHeader(int[] componentIndexes, HuffmanTable[] tables, int predictor, int pointTransform)
    {
        ComponentIndexes = componentIndexes;
        Tables = tables;
        Predictor = predictor;
        PointTransform = pointTransform;
    }

    /// <summary>For each scan component, its index in the frame (= the native sample number).</summary>
    public int[] ComponentIndexes { get; }

    public HuffmanTable[] Tables { get; }

    public int Predictor { get; }

    public int PointTransform { get; }

    public static ScanHeader Parse(ReadOnlySpan<byte> segment, FrameHeader frame, HuffmanTable?[] tables)
    {
        if (segment.Length < 1 || segment.Length < 1 + (2 * segment[0]) + 3)
        {
            throw new DicomImagingException("The JPEG SOS segment is truncated.");
        }

        var count = segment[0];
        var indexes = new int[count];
        var scanTables = new HuffmanTable[count];
        for (var i = 0; i < count; i++)
        {
            var id = segment[1 + (2 * i)];
            indexes[i] = Array.IndexOf(frame.ComponentIds, id);
            if (indexes[i] < 0)
            {
                throw new DicomImagingException($"The JPEG scan names component {id}, which the frame header does not declare.");
            }

            var tableId = segment[2 + (2 * i)] >> 4;
            scanTables[i] = (tableId < 4 ? tables[tableId] : null)
                ?? throw new DicomImagingException($"The JPEG scan uses Huffman table {tableId}, which no DHT segment defined.");
        }

        var predictor = segment[1 + (2 * count)];
        var pointTransform = segment[3 + (2 * count)] & 0x0F;
        if (predictor is < 1 or > 7)
        {
            throw new NotSupportedException($"The JPEG scan uses predictor {predictor}; non-hierarchical lossless JPEG uses 1 to 7.");
        }

        if (pointTransform >= frame.Precision)
        {
            throw new DicomImagingException($"The JPEG point transform {pointTransform} is not below the precision {frame.Precision}.");
        }

        return new ScanHeader(indexes, scanTables, predictor, pointTransform);
    }
}
