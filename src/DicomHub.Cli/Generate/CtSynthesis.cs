using System.Globalization;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Cli.Generate;

/// <summary>CT Image Storage: contiguous axial stacks through the body phantom, values in HU.</summary>
internal sealed class CtSynthesis : ISyntheticModality
{
    private const double Spacing = 0.7; // 512 x 0.7 mm = a 358 mm field of view
    private const double StudyCoverage = 400; // millimetres covered by all series of a study
    private const double TopOfScan = 150;

    public string SopClassUid => "1.2.840.10008.5.1.4.1.1.2";

    public string Modality => "CT";

    public string StudyDescription(PlannedInstance instance) => "CT CHEST ABDOMEN";

    public string SeriesDescription(SyntheticProfile profile, PlannedInstance instance) =>
        string.Create(CultureInfo.InvariantCulture, $"AXIAL {SeriesRegion(instance)} {Thickness(instance, profile):0.#}mm");

    public void AddModules(DicomDataset ds, SyntheticDatasetFactory factory, PlannedInstance instance)
    {
        var thickness = Thickness(instance, factory.Profile);
        factory.AddAxialPlane(ds, instance, Spacing, thickness, SliceZ(instance, factory.Profile));
        ds.AddOrUpdate(DicomTags.BodyPartExamined, SeriesRegion(instance));

        // CT Image
        ds.AddOrUpdate(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.AddOrUpdate(DicomTags.AcquisitionNumber, (instance.SeriesIndex + 1).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTags.KVP, DicomVR.DS, 120);
        ds.AddOrUpdate(DicomTags.DataCollectionDiameter, DicomVR.DS, 500);
        ds.AddOrUpdate(DicomTags.ReconstructionDiameter, DicomVR.DS, Spacing * factory.Profile.Columns);
        ds.AddOrUpdate(DicomTags.GantryDetectorTilt, DicomVR.DS, 0);
        ds.AddOrUpdate(DicomTags.TableHeight, DicomVR.DS, 150);
        ds.AddOrUpdate(DicomTags.RotationDirection, "CW");
        ds.AddOrUpdate(DicomTags.ExposureTime, DicomVR.IS, 500);
        ds.AddOrUpdate(DicomTags.XRayTubeCurrent, DicomVR.IS, 250);
        ds.AddOrUpdate(DicomTags.Exposure, DicomVR.IS, 125);
        ds.AddOrUpdate(DicomTags.FilterType, "BODY");
        ds.AddOrUpdate(DicomTags.ConvolutionKernel, "STANDARD");
        ds.AddOrUpdate(DicomTags.FocalSpots, DicomVR.DS, 1.2);
        ds.AddOrUpdate(DicomTags.RescaleIntercept, DicomVR.DS, CtBodyPhantom.RescaleIntercept);
        ds.AddOrUpdate(DicomTags.RescaleSlope, DicomVR.DS, 1);
        ds.AddOrUpdate(DicomTags.RescaleType, "HU");

        // VOI LUT: a soft-tissue and a lung window
        ds.AddOrUpdate(DicomTags.WindowCenter, DicomVR.DS, 40, -600);
        ds.AddOrUpdate(DicomTags.WindowWidth, DicomVR.DS, 400, 1500);
        ds.AddOrUpdate(DicomTags.WindowCenterWidthExplanation, "SOFT TISSUE", "LUNG");
        ds.AddOrUpdate(DicomTags.LossyImageCompression, "00");
    }

    public void Render(Span<ushort> pixels, SyntheticDatasetFactory factory, PlannedInstance instance)
    {
        var profile = factory.Profile;
        var z = SliceZ(instance, profile);
        var shapes = CtBodyPhantom.Shapes(z, factory.Identity.PatientBuild(instance.PatientIndex));
        var rows = PhantomRenderer.SmoothTerm(profile.Rows, 7, 23, 61, z / 37);
        var columns = PhantomRenderer.SmoothTerm(profile.Columns, 6, 29, 53, z / 53);
        PhantomRenderer.Render(pixels, profile.Rows, profile.Columns, Spacing, shapes, CtBodyPhantom.AirStored, rows, columns,
            factory.Identity.NoiseSeed(instance.Ordinal), noiseAmplitude: 8, maxValue: 4095);
    }

    /// <summary>Slices are as thin as the study's image count allows over 400 mm, at most 10 mm.</summary>
    private static double Thickness(PlannedInstance instance, SyntheticProfile profile)
    {
        var imagesInStudy = profile.Layout[instance.StudyIndex].Sum();
        return Math.Clamp(Math.Round(StudyCoverage / imagesInStudy), 1, 10);
    }

    private static double SliceZ(PlannedInstance instance, SyntheticProfile profile)
    {
        var before = profile.Layout[instance.StudyIndex].Take(instance.SeriesIndex).Sum();
        return TopOfScan - ((before + instance.InstanceIndex) * Thickness(instance, profile));
    }

    private static string SeriesRegion(PlannedInstance instance) => instance.SeriesIndex < 5 ? "CHEST" : "ABDOMEN";
}
