namespace DicomHub.Cli.Generate;

/// <summary>
/// An axial slice through a chest/abdomen phantom in Hounsfield units (stored as HU + 1024): fat and muscle
/// walls, lungs, heart, liver, kidneys, aorta, trachea and a vertebra, whose sizes change smoothly with the
/// table position so neighbouring slices differ the way real ones do.
/// </summary>
public static class CtBodyPhantom
{
    public const int RescaleIntercept = -1024;
    public const int AirHu = -1000;

    /// <param name="z">table position in millimetres: 0 near the heart, negative toward the feet.</param>
    /// <param name="variant">a per-patient change of build (0..1).</param>
    public static PhantomEllipse[] Shapes(double z, double variant)
    {
        var width = 150 + (30 * variant) + (10 * Math.Sin(z / 90));
        var depth = 105 + (20 * variant) + (8 * Math.Cos(z / 70));
        var lungs = Taper(z, -70, 190, 45);
        var heart = Taper(z, -45, 60, 35);
        var liver = Taper(z, -210, 10, 40);
        var kidneys = Taper(z, -270, -140, 30);
        var trachea = Taper(z, 90, 400, 10);
        return
        [
            Hu(0, 0, width, depth, -95),                          // subcutaneous fat
            Hu(0, 2, width - 14, depth - 14, 45),                 // muscle and soft tissue
            Hu(-55, 0, 75 * liver, 65 * liver, 62),               // liver
            Hu(-60, 45, 26 * kidneys, 36 * kidneys, 32),          // right kidney
            Hu(60, 45, 26 * kidneys, 36 * kidneys, 32),           // left kidney
            Hu(-78, -5, 58 * lungs, 82 * lungs, -830),            // right lung
            Hu(78, -5, 55 * lungs, 80 * lungs, -820),             // left lung
            Hu(25, -15, 62 * heart, 52 * heart, 40),              // heart
            Hu(15, 42, 12, 12, 48),                               // aorta
            Hu(0, -22, 9 * trachea, 9 * trachea, -950),           // trachea
            Hu(0, 70, 23, 21, 950),                               // vertebral cortex
            Hu(0, 70, 19, 17, 320),                               // vertebral body
            Hu(0, 102, 7, 18, 700),                               // spinous process
        ];
    }

    /// <summary>The stored value of air (HU -1000), the background outside the body.</summary>
    public static int AirStored => AirHu - RescaleIntercept;

    private static PhantomEllipse Hu(double x, double y, double rx, double ry, int hu) => new(x, y, rx, ry, hu - RescaleIntercept);

    /// <summary>1 inside [from, to], falling smoothly to 0 over <paramref name="ramp"/> mm at both ends.</summary>
    internal static double Taper(double z, double from, double to, double ramp)
    {
        if (z <= from - ramp || z >= to + ramp)
        {
            return 0;
        }

        var inside = Math.Min(Math.Min(z - (from - ramp), (to + ramp) - z) / ramp, 1);
        return Math.Sqrt(Math.Clamp(inside, 0, 1));
    }
}
