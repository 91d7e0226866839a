using System.Buffers.Binary;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>Reads rows of one component of a native frame as integers, whatever the planar configuration.</summary>
internal readonly ref struct SampleSource
{
    private readonly ReadOnlySpan<byte> _frame;
    private readonly int _bytesPerSample;
    private readonly bool _planar;

    public SampleSource(ReadOnlySpan<byte> frame, ImageDescription description)
    {
        _frame = frame;
        _bytesPerSample = description.BitsAllocated / 8;
        _planar = description.PlanarConfiguration == 1 && description.SamplesPerPixel > 1;
        Rows = description.Rows;
        Columns = description.Columns;
        Components = description.SamplesPerPixel;
    }

    public int Rows { get; }

    public int Columns { get; }

    public int Components { get; }

    public int BytesPerSample => _bytesPerSample;

    public void ReadRow(int y, int component, Span<int> row)
    {
        int index, step;
        if (_planar)
        {
            index = ((component * Rows * Columns) + (y * Columns)) * _bytesPerSample;
            step = _bytesPerSample;
        }
        else
        {
            index = ((y * Columns * Components) + component) * _bytesPerSample;
            step = Components * _bytesPerSample;
        }

        if (_bytesPerSample == 1)
        {
            for (var x = 0; x < row.Length; x++, index += step)
            {
                row[x] = _frame[index];
            }
        }
        else
        {
            for (var x = 0; x < row.Length; x++, index += step)
            {
                row[x] = BinaryPrimitives.ReadUInt16LittleEndian(_frame[index..]);
            }
        }
    }
}
