using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Cli.Generate;

/// <summary>Computed Radiography Image Storage: a PA chest radiograph.</summary>
internal sealed class CrSynthesis : ISyntheticModality
{
    private const double Spacing = 0.168; // 2048 x 0.168 mm = a 344 mm wide plate, 2500 rows = 420 mm

    public string SopClassUid => "1.2.840.10008.5.1.4.1.1.1";

    public string Modality => "CR";

    public string StudyDescription(PlannedInstance instance) => "XR CHEST PA";

    public string SeriesDescription(SyntheticProfile profile, PlannedInstance instance) => "CHEST PA";

    public void AddModules(DicomDataset ds, SyntheticDatasetFactory factory, PlannedInstance instance)
    {
        // CR Series
        ds.AddOrUpdate(DicomTags.BodyPartExamined, "CHEST");
        ds.AddOrUpdate(DicomTags.ViewPosition, "PA");

        // General Image: no Image Plane module in a CR, so the orientation is given as directions.
        ds.AddOrUpdate(DicomTags.PatientOrientation, "L", "F");
        ds.AddOrUpdate(DicomTags.ImageType, "ORIGINAL", "PRIMARY");

        // CR Image
        ds.AddOrUpdate(DicomTags.KVP, DicomVR.DS, 120);
        ds.AddOrUpdate(DicomTags.DistanceSourceToDetector, DicomVR.DS, 1800);
        ds.AddOrUpdate(DicomTags.ExposureTime, DicomVR.IS, 10);
        ds.AddOrUpdate(DicomTags.XRayTubeCurrent, DicomVR.IS, 320);
        ds.AddOrUpdate(DicomTags.Exposure, DicomVR.IS, 3);
        ds.AddOrUpdate(DicomTags.ImagerPixelSpacing, DicomVR.DS, Spacing, Spacing);

        ds.AddOrUpdate(DicomTags.WindowCenter, DicomVR.DS, 1800);
        ds.AddOrUpdate(DicomTags.WindowWidth, DicomVR.DS, 3000);
        ds.AddOrUpdate(DicomTags.LossyImageCompression, "00");
    }

    public void Render(Span<ushort> pixels, SyntheticDatasetFactory factory, PlannedInstance instance)
    {
        var profile = factory.Profile;
        var shapes = CrChestPhantom.Shapes(factory.Identity.PatientBuild(instance.PatientIndex));
        var rows = CrChestPhantom.RibTexture(profile.Rows, Spacing);
        var columns = PhantomRenderer.SmoothTerm(profile.Columns, 60, 300, 700, 0.3);
        PhantomRenderer.Render(pixels, profile.Rows, profile.Columns, Spacing, shapes, CrChestPhantom.Background, rows, columns,
            factory.Identity.NoiseSeed(instance.Ordinal), noiseAmplitude: 10, maxValue: 4095);
    }
}
