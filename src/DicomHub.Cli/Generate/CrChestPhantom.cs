namespace DicomHub.Cli.Generate;

/// <summary>
/// A PA chest radiograph (MONOCHROME2, 12 bits): direct exposure dark, lungs darker than soft tissue,
/// mediastinum, heart, spine, clavicles and diaphragm bright; ribs come from the row texture.
/// </summary>
public static class CrChestPhantom
{
    public const int Background = 260;

    public static PhantomEllipse[] Shapes(double variant) =>
    [
        new(0, 20, 180 + (15 * variant), 270, 1900),        // soft tissue of the trunk
        new(0, 235, 190, 95, 2400),                         // abdomen below the diaphragm
        new(-78, -30, 64, 145, 900),                        // right lung
        new(78, -30, 62, 140, 920),                         // left lung
        new(0, -40, 36, 150, 2150),                         // mediastinum
        new(22, 60, 82 + (8 * variant), 68, 2300),          // heart
        new(0, 0, 17, 270, 2650),                           // spine
        new(-62, -165, 72, 8, 2750),                        // clavicles
        new(62, -165, 72, 8, 2750),
    ];

    /// <summary>Ribs: a periodic brightening down the rows, smooth within each rib.</summary>
    public static int[] RibTexture(int rows, double spacing)
    {
        var term = new int[rows];
        for (var row = 0; row < rows; row++)
        {
            var y = row * spacing;
            var wave = Math.Sin(y / 24.0 * 2 * Math.PI);
            term[row] = (int)(170 * Math.Max(0, wave) * Math.Max(0, wave)) + (int)(40 * Math.Sin(y / 97.0));
        }

        return term;
    }
}
