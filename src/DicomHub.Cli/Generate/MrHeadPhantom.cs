namespace DicomHub.Cli.Generate;

/// <summary>The tissue intensities of one MR weighting (T1, T2, PD, FLAIR), in stored pixel units.</summary>
public sealed record MrContrast(string Name, int Fat, int Bone, int Csf, int GrayMatter, int WhiteMatter, int Lesion);

/// <summary>
/// An axial slice through a head phantom: scalp, skull, CSF, gray and white matter, ventricles, eyes and a
/// small lesion, each weighting giving the tissues a different brightness like real sequences do.
/// </summary>
public static class MrHeadPhantom
{
    public static IReadOnlyList<MrContrast> Contrasts { get; } =
    [
        new("T1", Fat: 950, Bone: 40, Csf: 180, GrayMatter: 520, WhiteMatter: 700, Lesion: 420),
        new("T2", Fat: 520, Bone: 30, Csf: 1400, GrayMatter: 820, WhiteMatter: 600, Lesion: 1300),
        new("PD", Fat: 800, Bone: 40, Csf: 900, GrayMatter: 860, WhiteMatter: 700, Lesion: 950),
        new("FLAIR", Fat: 600, Bone: 30, Csf: 90, GrayMatter: 700, WhiteMatter: 520, Lesion: 1150),
    ];

    /// <param name="z">slice position in millimetres, 0 through the ventricles.</param>
    /// <param name="signal">a small change of gray-matter signal (time series).</param>
    public static PhantomEllipse[] Shapes(double z, MrContrast contrast, int signal)
    {
        var s = Math.Sqrt(Math.Clamp(1 - ((z / 105) * (z / 105)), 0, 1));
        var ventricles = CtBodyPhantom.Taper(z, -10, 20, 15);
        var eyes = CtBodyPhantom.Taper(z, -60, -35, 10);
        var lesion = CtBodyPhantom.Taper(z, 15, 30, 6);
        return
        [
            new(0, 0, 80 * s, 100 * s, contrast.Fat),                    // scalp
            new(0, 0, 75 * s, 95 * s, contrast.Bone),                    // skull
            new(0, 0, 70 * s, 90 * s, contrast.Csf),                     // subarachnoid CSF
            new(0, 0, 67 * s, 87 * s, contrast.GrayMatter + signal),     // cortex
            new(0, 4, 53 * s, 70 * s, contrast.WhiteMatter),             // white matter
            new(-10, -5, 6 * ventricles, 22 * ventricles, contrast.Csf), // lateral ventricles
            new(10, -5, 6 * ventricles, 22 * ventricles, contrast.Csf),
            new(-30, -72 * s, 11 * eyes, 11 * eyes, contrast.Csf),           // eyes
            new(30, -72 * s, 11 * eyes, 11 * eyes, contrast.Csf),
            new(26, 30, 6 * lesion, 5 * lesion, contrast.Lesion),        // a small lesion
        ];
    }
}
