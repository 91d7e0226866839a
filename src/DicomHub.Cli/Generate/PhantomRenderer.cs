namespace DicomHub.Cli.Generate;

/// <summary>An axis-aligned ellipse of constant value, in millimetres from the image centre (y grows down the rows).</summary>
public readonly record struct PhantomEllipse(double CenterX, double CenterY, double RadiusX, double RadiusY, int Value);

/// <summary>
/// Paints a phantom into 16-bit pixels: ellipses drawn in order (later ones cover earlier ones), a smooth
/// separable texture (row term + column term) inside the object, and mild seeded noise. Ellipses are filled
/// row span by row span, so a 512x512 slice costs about a pass over its pixels: ct1000 renders in well
/// under a second per core.
/// </summary>
public static class PhantomRenderer
{
    /// <param name="pixels">rows x columns values, row by row.</param>
    /// <param name="spacing">millimetres per pixel (square pixels).</param>
    /// <param name="background">the value outside every ellipse (air); texture is not added there.</param>
    /// <param name="rowTexture">added to every object pixel of a row (length = rows).</param>
    /// <param name="columnTexture">added to every object pixel of a column (length = columns).</param>
    /// <param name="noiseSeed">seed of the noise: the same seed paints the same pixels.</param>
    /// <param name="noiseAmplitude">the noise is triangular in [-amplitude, amplitude].</param>
    /// <param name="maxValue">pixels are clamped to [0, maxValue] (the range of Bits Stored).</param>
    public static void Render(
        Span<ushort> pixels,
        int rows,
        int columns,
        double spacing,
        ReadOnlySpan<PhantomEllipse> shapes,
        int background,
        ReadOnlySpan<int> rowTexture,
        ReadOnlySpan<int> columnTexture,
        ulong noiseSeed,
        int noiseAmplitude,
        int maxValue)
    {
        if (pixels.Length != rows * columns || rowTexture.Length != rows || columnTexture.Length != columns)
        {
            throw new ArgumentException("pixel and texture sizes must match rows x columns");
        }

        var baseRow = new int[columns];
        var state = noiseSeed | 1;
        var span = (2 * noiseAmplitude) + 1;
        for (var row = 0; row < rows; row++)
        {
            Array.Fill(baseRow, background);
            var y = (row + 0.5 - (rows / 2.0)) * spacing;
            foreach (var shape in shapes)
            {
                FillSpan(baseRow, y, spacing, columns, shape);
            }

            var output = pixels.Slice(row * columns, columns);
            var rowTerm = rowTexture[row];
            for (var column = 0; column < columns; column++)
            {
                var value = baseRow[column];
                if (value != background)
                {
                    value += rowTerm + columnTexture[column];
                }

                if (noiseAmplitude > 0)
                {
                    // xorshift64: cheap, seeded, and good enough for a little grain.
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    value += (int)((state & 0xFFFF) % (ulong)span) + (int)(((state >> 16) & 0xFFFF) % (ulong)span) - (2 * noiseAmplitude);
                }

                output[column] = (ushort)Math.Clamp(value, 0, maxValue);
            }
        }
    }

    /// <summary>A smooth texture term: a sum of two slow sines, amplitude in pixel units.</summary>
    public static int[] SmoothTerm(int length, double amplitude, double period1, double period2, double phase)
    {
        var term = new int[length];
        for (var i = 0; i < length; i++)
        {
            term[i] = (int)Math.Round(amplitude * ((0.6 * Math.Sin((i / period1) + phase)) + (0.4 * Math.Sin((i / period2) - (2 * phase)))));
        }

        return term;
    }

    private static void FillSpan(int[] row, double y, double spacing, int columns, in PhantomEllipse shape)
    {
        if (shape.RadiusX <= 0 || shape.RadiusY <= 0)
        {
            return;
        }

        var dy = (y - shape.CenterY) / shape.RadiusY;
        if (dy is <= -1 or >= 1)
        {
            return;
        }

        var halfWidth = shape.RadiusX * Math.Sqrt(1 - (dy * dy));
        var first = (int)Math.Ceiling(((shape.CenterX - halfWidth) / spacing) + (columns / 2.0) - 0.5);
        var last = (int)Math.Floor(((shape.CenterX + halfWidth) / spacing) + (columns / 2.0) - 0.5);
        first = Math.Max(first, 0);
        last = Math.Min(last, columns - 1);
        if (last >= first)
        {
            row.AsSpan(first, last - first + 1).Fill(shape.Value);
        }
    }
}
