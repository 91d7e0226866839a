using System.Buffers;
using System.Buffers.Binary;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>
/// Writes one frame as lossless JPEG (T.81 Process 14): SOI, SOF3, one optimal DHT, one interleaved scan
/// with the chosen predictor, EOI. The precision P is Bits Allocated (8 or 16) and the samples are coded
/// as their raw bit patterns, as DCMTK's dcmcjpeg does: sign-extended negative values and any bits above
/// High Bit come back exactly, and the modulo-2^16 differences of sign-extended data stay small around zero.
/// </summary>
internal static class JpegLosslessEncoder
{
    /// <param name="precision">Tests only: a P below Bits Allocated, coding just the low P bits (as some other encoders do).</param>
    public static void Encode(ReadOnlySpan<byte> nativeFrame, ImageDescription description, int predictor, IBufferWriter<byte> output, int? precision = null)
    {
        if (description.BitsAllocated is not (8 or 16))
        {
            throw new NotSupportedException($"Lossless JPEG holds 2 to 16 bits per sample; Bits Allocated {description.BitsAllocated} is not supported.");
        }

        if (description.IsChromaSubsampled)
        {
            throw new NotSupportedException($"Chroma-subsampled {description.PhotometricInterpretation} native data cannot be JPEG lossless encoded here; convert it to full resolution first.");
        }

        if (predictor is < 1 or > 7)
        {
            throw new ArgumentOutOfRangeException(nameof(predictor), predictor, "Lossless JPEG predictors are 1 to 7.");
        }

        if (nativeFrame.Length < description.FrameLength)
        {
            throw new DicomImagingException($"The frame is {nativeFrame.Length} bytes; the image description needs {description.FrameLength}.");
        }

        var bits = precision ?? description.BitsAllocated;
        if (bits < 2 || bits > description.BitsAllocated)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "The precision must be 2 to Bits Allocated.");
        }

        var image = new SampleSource(nativeFrame, description);
        var count = description.PixelsPerFrame * description.SamplesPerPixel;
        var differences = ArrayPool<int>.Shared.Rent(count);
        try
        {
            // Differences once, then their categories counted for the optimal table, then coded.
            var span = differences.AsSpan(0, count);
            ComputeDifferences(image, predictor, bits, span);
            var frequencies = new long[HuffmanTableBuilder.Categories];
            foreach (var difference in span)
            {
                frequencies[LosslessPredictor.Category(difference)]++;
            }

            var table = HuffmanTableBuilder.Build(frequencies);
            WriteHeaders(output, description, bits, predictor, table);
            var writer = new JpegBitWriter(output);
            var codes = table.Codes;
            var sizes = table.Sizes;
            foreach (var difference in span)
            {
                var category = LosslessPredictor.Category(difference);

                // Category 16 (difference 32768) has no extra bits (T.81 H.1.2.2); negative differences send diff - 1.
                if (category is 0 or 16)
                {
                    writer.Write(codes[category], sizes[category]);
                    continue;
                }

                var extra = (uint)(difference < 0 ? difference - 1 : difference) & ((1u << category) - 1);
                writer.Write(((uint)codes[category] << category) | extra, sizes[category] + category);
            }

            writer.Flush();
        }
        finally
        {
            ArrayPool<int>.Shared.Return(differences);
        }

        WriteMarker(output, JpegMarkers.Eoi);
    }

    /// <summary>The differences in scan order (rows, then columns, then components).</summary>
    private static void ComputeDifferences(SampleSource image, int predictor, int precision, Span<int> differences)
    {
        var columns = image.Columns;
        var components = image.Components;
        var rows = ArrayPool<int>.Shared.Rent(columns * components * 2);
        try
        {
            var previous = rows.AsSpan(0, columns * components);
            var current = rows.AsSpan(columns * components, columns * components);
            var initial = 1 << (precision - 1);
            var mask = (1 << precision) - 1;
            var masked = precision < 8 * image.BytesPerSample;
            var n = 0;
            for (var y = 0; y < image.Rows; y++)
            {
                for (var c = 0; c < components; c++)
                {
                    var row = current.Slice(c * columns, columns);
                    image.ReadRow(y, c, row);
                    if (masked)
                    {
                        foreach (ref var sample in row)
                        {
                            sample &= mask;
                        }
                    }
                }

                for (var x = 0; x < columns; x++)
                {
                    for (var c = 0; c < components; c++)
                    {
                        var row = c * columns;
                        int prediction;
                        if (y == 0)
                        {
                            prediction = x == 0 ? initial : current[row + x - 1];
                        }
                        else if (x == 0)
                        {
                            prediction = previous[row];
                        }
                        else
                        {
                            prediction = LosslessPredictor.Predict(predictor, current[row + x - 1], previous[row + x], previous[row + x - 1]);
                        }

                        // Differences are taken modulo 2^16 into -32767..32768 (T.81 H.1.2.1).
                        var difference = (current[row + x] - prediction) & 0xFFFF;
                        differences[n++] = difference >= 0x8000 ? difference - 0x10000 : difference;
                    }
                }

                var swap = previous;
                previous = current;
                current = swap;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    private static void WriteHeaders(IBufferWriter<byte> output, ImageDescription description, int precision, int predictor, HuffmanTable table)
    {
        var components = description.SamplesPerPixel;
        WriteMarker(output, JpegMarkers.Soi);

        // SOF3: P, Y, X, Nf, then per component: id, H=1/V=1, Tq=0.
        var sof = new byte[8 + (3 * components)];
        BinaryPrimitives.WriteUInt16BigEndian(sof, (ushort)sof.Length);
        sof[2] = (byte)precision;
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(3), (ushort)description.Rows);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(5), (ushort)description.Columns);
        sof[7] = (byte)components;
        for (var c = 0; c < components; c++)
        {
            sof[8 + (3 * c)] = (byte)(c + 1);
            sof[9 + (3 * c)] = 0x11;
        }

        WriteSegment(output, JpegMarkers.Sof3, sof);

        // DHT: one DC-class table 0 shared by all components.
        var dht = new byte[2 + 1 + 16 + table.Values.Length];
        BinaryPrimitives.WriteUInt16BigEndian(dht, (ushort)dht.Length);
        dht[2] = 0x00;
        table.Counts.CopyTo(dht, 3);
        table.Values.CopyTo(dht, 19);
        WriteSegment(output, JpegMarkers.Dht, dht);

        // SOS: all components interleaved, table 0; Ss = predictor, Se = 0, Ah = Al = 0 (no point transform).
        var sos = new byte[6 + (2 * components)];
        BinaryPrimitives.WriteUInt16BigEndian(sos, (ushort)sos.Length);
        sos[2] = (byte)components;
        for (var c = 0; c < components; c++)
        {
            sos[3 + (2 * c)] = (byte)(c + 1);
            sos[4 + (2 * c)] = 0x00;
        }

        sos[3 + (2 * components)] = (byte)predictor;
        WriteSegment(output, JpegMarkers.Sos, sos);
    }

    private static void WriteMarker(IBufferWriter<byte> output, byte marker)
    {
        var span = output.GetSpan(2);
        span[0] = 0xFF;
        span[1] = marker;
        output.Advance(2);
    }

    private static void WriteSegment(IBufferWriter<byte> output, byte marker, ReadOnlySpan<byte> body)
    {
        WriteMarker(output, marker);
        output.Write(body);
    }
}
