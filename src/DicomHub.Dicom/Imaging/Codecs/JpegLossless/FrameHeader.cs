using System.Buffers.Binary;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>SOF3 (T.81 B.2.2): precision, size and the component identifiers in sample order.</summary>
internal sealed class FrameHeader
{
    private FrameHeader(int precision, int lines, int samplesPerLine, byte[] componentIds)
    {
        Precision = precision;
        Lines = lines;
        SamplesPerLine = samplesPerLine;
        ComponentIds = componentIds;
    }

    public int Precision { get; }

    public int Lines { get; }

    public int SamplesPerLine { get; }

    /// <summary>Component identifiers; component i is sample i of the native pixel.</summary>
    public byte[] ComponentIds { get; }

    public static FrameHeader Parse(ReadOnlySpan<byte> segment, ImageDescription description)
    {
        if (segment.Length < 6)
        {
            throw new DicomImagingException("The JPEG SOF3 segment is truncated.");
        }

        var precision = segment[0];
        var lines = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        var samplesPerLine = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        var components = segment[5];
        if (segment.Length < 6 + (3 * components))
        {
            throw new DicomImagingException("The JPEG SOF3 segment is shorter than its component list.");
        }

        if (precision is < 2 or > 16 || precision > description.BitsAllocated)
        {
            throw new DicomImagingException($"The JPEG precision is {precision} bits; it must be 2 to 16 and fit Bits Allocated {description.BitsAllocated}.");
        }

        // Lines may be 0 when a DNL marker gives the height later; the image description knows it.
        if (samplesPerLine != description.Columns || (lines != 0 && lines != description.Rows))
        {
            throw new DicomImagingException($"The JPEG frame is {samplesPerLine} x {lines}; the data set says Columns {description.Columns}, Rows {description.Rows}.");
        }

        if (components != description.SamplesPerPixel)
        {
            throw new DicomImagingException($"The JPEG frame has {components} component(s); Samples per Pixel is {description.SamplesPerPixel}.");
        }

        var ids = new byte[components];
        for (var c = 0; c < components; c++)
        {
            ids[c] = segment[6 + (3 * c)];
            var sampling = segment[7 + (3 * c)];
            if (components > 1 && sampling != 0x11)
            {
                throw new NotSupportedException($"JPEG component {ids[c]} is subsampled (H/V {sampling >> 4}/{sampling & 15}); only 1:1 sampling is supported.");
            }
        }

        return new FrameHeader(precision, description.Rows, samplesPerLine, ids);
    }
}
