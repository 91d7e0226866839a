using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>
/// Decodes the entropy-coded data of one lossless scan into the native frame. Prediction follows T.81 H.1.2.1:
/// the first sample of the scan and of each restart interval is predicted by 2^(P-Pt-1), the rest of that
/// line by Ra, the first sample of later lines by Rb, all others by the selected predictor. Reconstruction is
/// modulo 2^16, then shifted left by the point transform.
/// </summary>
internal sealed class ScanDecoder(FrameHeader frame, ScanHeader scan, int restartInterval, ImageDescription description)
{
    public int Decode(ReadOnlySpan<byte> data, int position, Span<byte> nativeFrame)
    {
        if (scan.ComponentIndexes.Length == 1 && description.SamplesPerPixel == 1 && scan.Predictor == 1 && restartInterval == 0)
        {
            return DecodeFirstOrderGrey(data, position, nativeFrame);
        }

        var columns = frame.SamplesPerLine;
        var components = scan.ComponentIndexes.Length;
        var rowLength = columns * components;
        var rows = ArrayPool<int>.Shared.Rent(rowLength * 2);
        try
        {
            var previous = rows.AsSpan(0, rowLength);
            var current = rows.AsSpan(rowLength, rowLength);
            var reader = new JpegBitReader(data, position);
            var initial = 1 << (frame.Precision - scan.PointTransform - 1);
            var predictor = scan.Predictor;
            var shift = scan.PointTransform;
            var writer = new SampleWriter(description);
            var mcusLeft = restartInterval;
            int intervalRow = 0, intervalColumn = 0;
            var nextRestart = 0;

            for (var y = 0; y < frame.Lines; y++)
            {
                for (var x = 0; x < columns; x++)
                {
                    if (restartInterval > 0)
                    {
                        if (mcusLeft == 0)
                        {
                            ExpectRestart(ref reader, nextRestart, y, x);
                            nextRestart = (nextRestart + 1) & 7;
                            mcusLeft = restartInterval;
                            intervalRow = y;
                            intervalColumn = x;
                        }

                        mcusLeft--;
                    }

                    for (var c = 0; c < components; c++)
                    {
                        var row = c * columns;
                        int prediction;
                        if (y == intervalRow)
                        {
                            prediction = x == intervalColumn ? initial : current[row + x - 1];
                        }
                        else if (x == 0)
                        {
                            prediction = previous[row];
                        }
                        else
                        {
                            prediction = LosslessPredictor.Predict(predictor, current[row + x - 1], previous[row + x], previous[row + x - 1]);
                        }

                        var value = (prediction + DecodeDifference(ref reader, scan.Tables[c])) & 0xFFFF;
                        current[row + x] = value;
                        writer.Write(nativeFrame, scan.ComponentIndexes[c], y, x, (value << shift) & 0xFFFF);
                    }
                }

                var swap = previous;
                previous = current;
                current = swap;
            }

            return EndOfScan(data, reader.Position);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    /// <summary>
    /// The common case (one grey component, predictor 1, no restarts) without row buffers: the prediction is
    /// the previous sample, or at a row start the first sample of the row above.
    /// </summary>
    private int DecodeFirstOrderGrey(ReadOnlySpan<byte> data, int position, Span<byte> nativeFrame)
    {
        var reader = new JpegBitReader(data, position);
        var table = scan.Tables[0];
        var shift = scan.PointTransform;
        var columns = frame.SamplesPerLine;
        var rowStart = 1 << (frame.Precision - shift - 1);
        var index = 0;
        var wide = description.BitsAllocated == 16;
        var narrow = description.BitsAllocated == 8;
        for (var y = 0; y < frame.Lines; y++)
        {
            var value = rowStart;
            for (var x = 0; x < columns; x++)
            {
                value = (value + DecodeDifference(ref reader, table)) & 0xFFFF;
                if (x == 0)
                {
                    rowStart = value;
                }

                var sample = (value << shift) & 0xFFFF;
                if (wide)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(nativeFrame.Slice(index * 2, 2), (ushort)sample);
                }
                else if (narrow)
                {
                    nativeFrame[index] = (byte)sample;
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(nativeFrame.Slice(index * 4, 4), (uint)sample);
                }

                index++;
            }
        }

        return EndOfScan(data, reader.Position);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeDifference(ref JpegBitReader reader, HuffmanTable table)
    {
        reader.Ensure32();
        var entry = table.Lookahead[reader.Peek(HuffmanTable.LookaheadBits)];
        int category;
        if (entry != 0)
        {
            reader.Skip(entry >> 8);
            category = entry & 0xFF;
        }
        else
        {
            category = table.DecodeLong(reader.Peek(16), out var length);
            reader.Skip(length);
        }

        switch (category)
        {
            case 0:
                return 0;
            case 16:
                return 32768; // no extra bits follow (T.81 H.1.2.2)
            case > 16:
                throw new DicomImagingException($"The JPEG data holds difference category {category}; lossless JPEG has 0 to 16: the frame is corrupt.");
        }

        var bits = reader.Read(category);
        return bits < (1 << (category - 1)) ? bits - (1 << category) + 1 : bits;
    }

    private static void ExpectRestart(ref JpegBitReader reader, int expected, int y, int x)
    {
        var marker = reader.ReadMarker();
        if (marker != JpegMarkers.Rst0 + expected)
        {
            var found = marker < 0 ? "no marker" : $"marker FF {marker:X2}";
            throw new DicomImagingException($"Expected restart marker RST{expected} before line {y}, column {x} of the JPEG scan, found {found}: the frame is corrupt.");
        }
    }

    /// <summary>The position of the marker after the scan (past the last byte's padding bits and any prefetch).</summary>
    private static int EndOfScan(ReadOnlySpan<byte> data, int position)
    {
        while (position + 1 < data.Length)
        {
            var next = data[(position + 1)..].IndexOf((byte)0xFF);
            if (next < 0)
            {
                return data.Length;
            }

            position += next + 1;
            if (position + 1 < data.Length && data[position + 1] != 0x00 && data[position + 1] is not (>= JpegMarkers.Rst0 and <= JpegMarkers.Rst7))
            {
                return position;
            }
        }

        return data.Length;
    }

    /// <summary>Stores decoded samples at their place in the native frame (little-endian, planar configuration honoured).</summary>
    private readonly struct SampleWriter(ImageDescription description)
    {
        private readonly int _bytesPerSample = description.BitsAllocated / 8;
        private readonly int _samples = description.SamplesPerPixel;
        private readonly int _columns = description.Columns;
        private readonly int _pixels = description.PixelsPerFrame;
        private readonly bool _planar = description.PlanarConfiguration == 1 && description.SamplesPerPixel > 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Write(Span<byte> frame, int sample, int y, int x, int value)
        {
            var pixel = (y * _columns) + x;
            var index = (_planar ? (sample * _pixels) + pixel : (pixel * _samples) + sample) * _bytesPerSample;
            switch (_bytesPerSample)
            {
                case 1:
                    frame[index] = (byte)value;
                    break;
                case 2:
                    BinaryPrimitives.WriteUInt16LittleEndian(frame[index..], (ushort)value);
                    break;
                default:
                    BinaryPrimitives.WriteUInt32LittleEndian(frame[index..], (uint)value);
                    break;
            }
        }
    }
}
