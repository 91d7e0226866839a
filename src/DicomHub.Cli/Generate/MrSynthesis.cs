using System.Globalization;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Cli.Generate;

/// <summary>
/// MR Image Storage: head series cycling through T1, T2, PD and FLAIR weightings; very long series (thousands
/// of images, mr3813) are an EPI time series that loops over 32 slice positions with a slowly varying signal.
/// </summary>
internal sealed class MrSynthesis : ISyntheticModality
{
    private const double Spacing = 0.9375; // 256 x 0.9375 mm = a 240 mm field of view
    private const int SlicesPerVolume = 32;
    private const int TimeSeriesThreshold = 200;

    private static readonly MrContrast Epi = new("EPI", Fat: 300, Bone: 20, Csf: 900, GrayMatter: 620, WhiteMatter: 480, Lesion: 700);

    public string SopClassUid => "1.2.840.10008.5.1.4.1.1.4";

    public string Modality => "MR";

    public string StudyDescription(PlannedInstance instance) => "MR BRAIN";

    public string SeriesDescription(SyntheticProfile profile, PlannedInstance instance) =>
        IsTimeSeries(instance) ? $"EPI BOLD RUN {instance.SeriesIndex + 1}" : $"AX {ContrastOf(instance).Name}";

    public void AddModules(DicomDataset ds, SyntheticDatasetFactory factory, PlannedInstance instance)
    {
        var contrast = ContrastOf(instance);
        var thickness = IsTimeSeries(instance) ? 4.0 : 3.0;
        factory.AddAxialPlane(ds, instance, Spacing, thickness, SliceZ(instance));
        ds.AddOrUpdate(DicomTags.BodyPartExamined, "HEAD");

        // MR Image
        ds.AddOrUpdate(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "OTHER");
        var (sequence, variant, tr, te, train, ti) = contrast.Name switch
        {
            "T1" => ("SE", "NONE", 500.0, 14.0, 1, 0.0),
            "T2" => ("SE", "SK", 4000.0, 100.0, 12, 0.0),
            "PD" => ("SE", "SK", 2500.0, 20.0, 6, 0.0),
            "FLAIR" => (@"SE\IR", "SK", 9000.0, 120.0, 16, 2500.0),
            _ => ("EP", "SK", 2000.0, 30.0, 1, 0.0),
        };
        ds.AddOrUpdate(DicomTags.ScanningSequence, sequence.Split('\\'));
        ds.AddOrUpdate(DicomTags.SequenceVariant, variant);
        ds.AddOrUpdate(DicomTags.ScanOptions, string.Empty);
        ds.AddOrUpdate(DicomTags.MRAcquisitionType, "2D");
        ds.AddOrUpdate(DicomTags.SequenceName, contrast.Name == "EPI" ? "EPFID2D" : $"{contrast.Name}2D");
        ds.AddOrUpdate(DicomTags.AngioFlag, "N");
        ds.AddOrUpdate(DicomTags.RepetitionTime, DicomVR.DS, tr);
        ds.AddOrUpdate(DicomTags.EchoTime, DicomVR.DS, te);
        if (ti > 0)
        {
            ds.AddOrUpdate(DicomTags.InversionTime, DicomVR.DS, ti);
        }

        ds.AddOrUpdate(DicomTags.EchoTrainLength, DicomVR.IS, train);
        ds.AddOrUpdate(DicomTags.NumberOfAverages, DicomVR.DS, 1);
        ds.AddOrUpdate(DicomTags.ImagingFrequency, DicomVR.DS, 63.87);
        ds.AddOrUpdate(DicomTags.ImagedNucleus, "1H");
        ds.AddOrUpdate(DicomTags.EchoNumbers, DicomVR.IS, 1);
        ds.AddOrUpdate(DicomTags.MagneticFieldStrength, DicomVR.DS, 1.5);
        ds.AddOrUpdate(DicomTags.SpacingBetweenSlices, DicomVR.DS, thickness);
        ds.AddOrUpdate(DicomTags.NumberOfPhaseEncodingSteps, DicomVR.IS, factory.Profile.Rows);
        ds.AddOrUpdate(DicomTags.PercentSampling, DicomVR.DS, 100);
        ds.AddOrUpdate(DicomTags.PercentPhaseFieldOfView, DicomVR.DS, 100);
        ds.AddOrUpdate(DicomTags.PixelBandwidth, DicomVR.DS, 130);
        ds.AddOrUpdate(DicomTags.FlipAngle, DicomVR.DS, 90);
        ds.AddOrUpdate(DicomTags.AcquisitionNumber, (IsTimeSeries(instance) ? (instance.InstanceIndex / SlicesPerVolume) + 1 : 1).ToString(CultureInfo.InvariantCulture));

        var brightest = Math.Max(Math.Max(contrast.Fat, contrast.Csf), contrast.GrayMatter);
        ds.AddOrUpdate(DicomTags.WindowCenter, DicomVR.DS, brightest / 2);
        ds.AddOrUpdate(DicomTags.WindowWidth, DicomVR.DS, brightest);
        ds.AddOrUpdate(DicomTags.LossyImageCompression, "00");
    }

    public void Render(Span<ushort> pixels, SyntheticDatasetFactory factory, PlannedInstance instance)
    {
        var profile = factory.Profile;
        var z = SliceZ(instance);
        var signal = IsTimeSeries(instance) ? (int)(15 * Math.Sin(instance.InstanceIndex / SlicesPerVolume / 2.5)) : 0;
        var shapes = MrHeadPhantom.Shapes(z, ContrastOf(instance), signal);

        // A coil's smooth intensity bias across the field.
        var rows = PhantomRenderer.SmoothTerm(profile.Rows, 35, 41, 90, z / 40);
        var columns = PhantomRenderer.SmoothTerm(profile.Columns, 25, 47, 77, instance.SeriesIndex);
        PhantomRenderer.Render(pixels, profile.Rows, profile.Columns, Spacing, shapes, background: 0, rows, columns,
            factory.Identity.NoiseSeed(instance.Ordinal), noiseAmplitude: 12, maxValue: 4095);
    }

    private static bool IsTimeSeries(PlannedInstance instance) => instance.SeriesSize > TimeSeriesThreshold;

    private static MrContrast ContrastOf(PlannedInstance instance) =>
        IsTimeSeries(instance) ? Epi : MrHeadPhantom.Contrasts[instance.SeriesIndex % MrHeadPhantom.Contrasts.Count];

    private static double SliceZ(PlannedInstance instance) => IsTimeSeries(instance)
        ? -62 + ((instance.InstanceIndex % SlicesPerVolume) * 4.0)
        : -((instance.SeriesSize - 1) * 1.5) + (instance.InstanceIndex * 3.0);
}
