using System.Buffers.Binary;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>
/// Decodes one lossless JPEG frame (T.81 Process 14, Huffman, non-hierarchical): any predictor 1..7, point
/// transform, restart intervals, interleaved or one-component scans, tables defined anywhere before the scan.
/// APPn, COM and other segments are skipped, so JFIF headers written by IJG-based encoders (DCMTK) are fine.
/// </summary>
internal static class JpegLosslessDecoder
{
    public static void Decode(ReadOnlySpan<byte> data, ImageDescription description, Span<byte> nativeFrame)
    {
        if (description.BitsAllocated is not (8 or 16 or 32))
        {
            throw new NotSupportedException($"Lossless JPEG decoding into Bits Allocated {description.BitsAllocated} is not supported (8, 16 or 32).");
        }

        if (nativeFrame.Length < description.FrameLength)
        {
            throw new ArgumentException($"The destination is {nativeFrame.Length} bytes; a frame needs {description.FrameLength}.", nameof(nativeFrame));
        }

        var position = 0;
        if (NextMarker(data, ref position) != JpegMarkers.Soi)
        {
            throw new DicomImagingException("The frame does not start with a JPEG SOI marker (FF D8): it is not JPEG data.");
        }

        var tables = new HuffmanTable?[4];
        FrameHeader? frame = null;
        var restartInterval = 0;
        var scans = 0;
        while (true)
        {
            var marker = NextMarker(data, ref position);
            if (marker == JpegMarkers.Eoi)
            {
                break;
            }

            if (marker is >= JpegMarkers.Rst0 and <= JpegMarkers.Rst7)
            {
                continue; // a stray restart marker carries no segment
            }

            var segment = Segment(data, ref position, marker);
            switch (marker)
            {
                case JpegMarkers.Sof3:
                    frame = FrameHeader.Parse(segment, description);
                    break;
                case var sof when JpegMarkers.IsStartOfFrame(sof):
                    throw new NotSupportedException($"The JPEG frame is {JpegMarkers.Describe(sof)}; this codec decodes lossless JPEG (SOF3) only.");
                case JpegMarkers.Dht:
                    ReadHuffmanTables(segment, tables);
                    break;
                case JpegMarkers.Dri:
                    restartInterval = segment.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(segment) : 0;
                    break;
                case JpegMarkers.Sos:
                    if (frame is null)
                    {
                        throw new DicomImagingException("The JPEG scan (SOS) comes before any frame header (SOF3).");
                    }

                    var scan = ScanHeader.Parse(segment, frame, tables);
                    position = new ScanDecoder(frame, scan, restartInterval, description).Decode(data, position, nativeFrame);
                    scans++;
                    break;
                default:
                    break; // APPn, COM, DQT, DNL: nothing a lossless decoder needs
            }

            if (position >= data.Length)
            {
                break; // tolerate a missing EOI after complete scans
            }
        }

        if (scans == 0)
        {
            throw new DicomImagingException("The JPEG frame has no scan (SOS): there is no image data in it.");
        }
    }

    private static byte NextMarker(ReadOnlySpan<byte> data, ref int position)
    {
        if (position + 1 >= data.Length || data[position] != 0xFF)
        {
            throw new DicomImagingException($"Expected a JPEG marker at byte {position} of {data.Length}: the frame is truncated or corrupt.");
        }

        while (position + 1 < data.Length && data[position + 1] == 0xFF)
        {
            position++; // fill bytes
        }

        var marker = data[position + 1];
        position += 2;
        return marker;
    }

    private static ReadOnlySpan<byte> Segment(ReadOnlySpan<byte> data, ref int position, byte marker)
    {
        if (position + 2 > data.Length)
        {
            throw new DicomImagingException($"The JPEG segment of marker FF {marker:X2} at byte {position - 2} is truncated.");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        if (length < 2 || position + length > data.Length)
        {
            throw new DicomImagingException($"The JPEG segment of marker FF {marker:X2} at byte {position - 2} claims {length} bytes; {data.Length - position} remain.");
        }

        var segment = data.Slice(position + 2, length - 2);
        position += length;
        return segment;
    }

    private static void ReadHuffmanTables(ReadOnlySpan<byte> segment, HuffmanTable?[] tables)
    {
        while (segment.Length > 0)
        {
            if (segment.Length < 17)
            {
                throw new DicomImagingException("A JPEG DHT segment is truncated.");
            }

            var tableClass = segment[0] >> 4;
            var id = segment[0] & 0x0F;
            var counts = segment.Slice(1, 16);
            var total = 0;
            foreach (var count in counts)
            {
                total += count;
            }

            if (id > 3 || segment.Length < 17 + total)
            {
                throw new DicomImagingException($"A JPEG DHT segment has table id {id} or {total} symbols that do not fit it.");
            }

            // Lossless scans use only the DC-class (0) tables; AC tables are kept out of the way.
            if (tableClass == 0)
            {
                tables[id] = new HuffmanTable(counts, segment.Slice(17, total));
            }

            segment = segment[(17 + total)..];
        }
    }
}
