using System.Globalization;
using System.Runtime.InteropServices;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Cli.Generate;

/// <summary>
/// Builds the data set of one planned instance: the patient, study, series, equipment, frame of reference
/// and SOP common modules shared by every modality here, then the modality's own modules and pixels
/// (<see cref="ISyntheticModality"/>). Thread-safe: instances are built in parallel.
/// </summary>
public sealed class SyntheticDatasetFactory
{
    private readonly ISyntheticModality _modality;

    public SyntheticDatasetFactory(SyntheticProfile profile, SyntheticIdentity identity)
    {
        Profile = profile;
        Identity = identity;
        _modality = profile.Modality switch
        {
            SyntheticModality.CT => new CtSynthesis(),
            SyntheticModality.MR => new MrSynthesis(),
            SyntheticModality.CR => new CrSynthesis(),
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile.Modality, "unknown modality"),
        };
    }

    public SyntheticProfile Profile { get; }

    public SyntheticIdentity Identity { get; }

    /// <summary>The full data set with native (uncompressed, OW) Pixel Data.</summary>
    public DicomDataset Create(PlannedInstance instance)
    {
        var dataset = new DicomDataset();
        AddCommonModules(dataset, instance);
        _modality.AddModules(dataset, this, instance);

        var pixels = new byte[Profile.PixelBytesPerImage];
        _modality.Render(MemoryMarshal.Cast<byte, ushort>(pixels.AsSpan()), this, instance);
        if (!BitConverter.IsLittleEndian)
        {
            // Element values are little-endian in memory whatever the machine.
            var words = MemoryMarshal.Cast<byte, ushort>(pixels.AsSpan());
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(words, words);
        }

        dataset.AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, pixels));
        return dataset;
    }

    internal static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    internal static string Time(TimeSpan time) => $"{(int)time.TotalHours % 24:D2}{time.Minutes:D2}{time.Seconds:D2}";

    /// <summary>When the series was acquired: studies start at 08:00 + study, series follow 4 minutes apart.</summary>
    internal static TimeSpan SeriesTime(PlannedInstance instance) =>
        TimeSpan.FromHours(8) + TimeSpan.FromMinutes((37 * instance.StudyIndex) + (4 * instance.SeriesIndex));

    private void AddCommonModules(DicomDataset ds, PlannedInstance instance)
    {
        var identity = Identity;
        var patient = instance.PatientIndex;
        var studyDate = identity.StudyDate(instance.StudyIndex);
        var studyTime = TimeSpan.FromHours(8) + TimeSpan.FromMinutes(37 * instance.StudyIndex);
        var seriesTime = SeriesTime(instance);
        var contentTime = seriesTime + TimeSpan.FromSeconds(instance.InstanceIndex % 200);
        var birth = identity.PatientBirthDate(patient);
        var age = studyDate.Year - birth.Year - (studyDate.DayOfYear < birth.DayOfYear ? 1 : 0);

        // SOP Common
        ds.AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        ds.AddOrUpdate(DicomTags.SOPClassUID, _modality.SopClassUid);
        ds.AddOrUpdate(DicomTags.SOPInstanceUID, identity.SopInstanceUid(instance.StudyIndex, instance.SeriesIndex, instance.InstanceIndex));
        ds.AddOrUpdate(DicomTags.InstanceCreationDate, Date(studyDate));
        ds.AddOrUpdate(DicomTags.InstanceCreationTime, Time(contentTime));

        // Patient
        ds.AddOrUpdate(DicomTags.PatientName, identity.PatientName(patient));
        ds.AddOrUpdate(DicomTags.PatientID, identity.PatientId(patient));
        ds.AddOrUpdate(DicomTags.IssuerOfPatientID, "DICOMHUB");
        ds.AddOrUpdate(DicomTags.PatientBirthDate, Date(birth));
        ds.AddOrUpdate(DicomTags.PatientSex, identity.PatientSex(patient));

        // General Study and Patient Study
        ds.AddOrUpdate(DicomTags.StudyInstanceUID, identity.StudyInstanceUid(instance.StudyIndex));
        ds.AddOrUpdate(DicomTags.StudyDate, Date(studyDate));
        ds.AddOrUpdate(DicomTags.StudyTime, Time(studyTime));
        ds.AddOrUpdate(DicomTags.ReferringPhysicianName, "WELBY^MARCUS");
        ds.AddOrUpdate(DicomTags.StudyID, (instance.StudyIndex + 1).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTags.AccessionNumber, identity.AccessionNumber(instance.StudyIndex));
        ds.AddOrUpdate(DicomTags.StudyDescription, _modality.StudyDescription(instance));
        ds.AddOrUpdate(DicomTags.PatientAge, $"{age:D3}Y");

        // General Series
        ds.AddOrUpdate(DicomTags.Modality, _modality.Modality);
        ds.AddOrUpdate(DicomTags.SeriesInstanceUID, identity.SeriesInstanceUid(instance.StudyIndex, instance.SeriesIndex));
        ds.AddOrUpdate(DicomTags.SeriesNumber, (instance.SeriesIndex + 1).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTags.SeriesDate, Date(studyDate));
        ds.AddOrUpdate(DicomTags.SeriesTime, Time(seriesTime));
        ds.AddOrUpdate(DicomTags.SeriesDescription, _modality.SeriesDescription(Profile, instance));
        ds.AddOrUpdate(DicomTags.OperatorsName, "TECH^ALEX");

        // General Equipment
        ds.AddOrUpdate(DicomTags.Manufacturer, "DicomHub");
        ds.AddOrUpdate(DicomTags.InstitutionName, "DicomHub Synthetic Hospital");
        ds.AddOrUpdate(DicomTags.StationName, $"{_modality.Modality}01");
        ds.AddOrUpdate(DicomTags.ManufacturerModelName, "Phantom Generator");
        ds.AddOrUpdate(DicomTags.DeviceSerialNumber, "0001");
        ds.AddOrUpdate(DicomTags.SoftwareVersions, "dicomhub generate 1");

        // General Acquisition and General Image
        ds.AddOrUpdate(DicomTags.AcquisitionDate, Date(studyDate));
        ds.AddOrUpdate(DicomTags.AcquisitionTime, Time(contentTime));
        ds.AddOrUpdate(DicomTags.ContentDate, Date(studyDate));
        ds.AddOrUpdate(DicomTags.ContentTime, Time(contentTime));
        ds.AddOrUpdate(DicomTags.InstanceNumber, (instance.InstanceIndex + 1).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTags.BurnedInAnnotation, "NO");

        // Image Pixel (monochrome, 16 bits allocated, 12 stored, unsigned)
        ds.AddOrUpdate(DicomTags.SamplesPerPixel, DicomVR.US, 1);
        ds.AddOrUpdate(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.AddOrUpdate(DicomTags.Rows, DicomVR.US, Profile.Rows);
        ds.AddOrUpdate(DicomTags.Columns, DicomVR.US, Profile.Columns);
        ds.AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, 16);
        ds.AddOrUpdate(DicomTags.BitsStored, DicomVR.US, 12);
        ds.AddOrUpdate(DicomTags.HighBit, DicomVR.US, 11);
        ds.AddOrUpdate(DicomTags.PixelRepresentation, DicomVR.US, 0);
    }

    /// <summary>Image Plane for a stack of axial slices centred on the isocentre.</summary>
    internal void AddAxialPlane(DicomDataset ds, PlannedInstance instance, double spacing, double thickness, double z)
    {
        var x0 = -((Profile.Columns / 2.0) - 0.5) * spacing;
        var y0 = -((Profile.Rows / 2.0) - 0.5) * spacing;
        ds.AddOrUpdate(DicomTags.FrameOfReferenceUID, Identity.FrameOfReferenceUid(instance.StudyIndex, 0));
        ds.AddOrUpdate(DicomTags.PositionReferenceIndicator, string.Empty);
        ds.AddOrUpdate(DicomTags.PatientPosition, "HFS");
        ds.AddOrUpdate(DicomTags.PixelSpacing, DicomVR.DS, spacing, spacing);
        ds.AddOrUpdate(DicomTags.ImageOrientationPatient, DicomVR.DS, 1, 0, 0, 0, 1, 0);
        ds.AddOrUpdate(DicomTags.ImagePositionPatient, DicomVR.DS, x0, y0, z);
        ds.AddOrUpdate(DicomTags.SliceThickness, DicomVR.DS, thickness);
        ds.AddOrUpdate(DicomTags.SliceLocation, DicomVR.DS, z);
    }
}

/// <summary>The modality-specific part of synthesis: SOP class, its modules and its phantom.</summary>
internal interface ISyntheticModality
{
    string SopClassUid { get; }

    string Modality { get; }

    string StudyDescription(PlannedInstance instance);

    string SeriesDescription(SyntheticProfile profile, PlannedInstance instance);

    void AddModules(DicomDataset dataset, SyntheticDatasetFactory factory, PlannedInstance instance);

    void Render(Span<ushort> pixels, SyntheticDatasetFactory factory, PlannedInstance instance);
}
