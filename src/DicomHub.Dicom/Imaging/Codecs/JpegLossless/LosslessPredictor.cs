using System.Runtime.CompilerServices;

namespace DicomHub.Dicom.Imaging.Codecs.JpegLossless;

/// <summary>
/// The lossless predictors of T.81 Table H.1 from the reconstructed neighbours: Ra left, Rb above,
/// Rc above-left. The division by two is an arithmetic shift (H.1.2.1). Rows, the first row and the
/// start of a restart interval use fixed rules instead (see the encoder and decoder).
/// </summary>
internal static class LosslessPredictor
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Predict(int selection, int ra, int rb, int rc) => selection switch
    {
        1 => ra,
        2 => rb,
        3 => rc,
        4 => ra + rb - rc,
        5 => ra + ((rb - rc) >> 1),
        6 => rb + ((ra - rc) >> 1),
        _ => (ra + rb) >> 1,
    };

    /// <summary>Difference category SSSS (T.81 Table H.2): bits needed for |diff|; 16 only for 32768.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Category(int difference)
    {
        var magnitude = (uint)(difference < 0 ? -difference : difference);
        return 32 - System.Numerics.BitOperations.LeadingZeroCount(magnitude);
    }
}
