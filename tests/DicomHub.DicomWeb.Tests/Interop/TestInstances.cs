using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;

namespace DicomHub.DicomWeb.Tests.Interop;

/// <summary>A written test instance and the identifiers a test matches on.</summary>
internal sealed record TestInstance(string Path, string PatientId, string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid);

/// <summary>Small CT images written as Part 10 files with the toolkit, one study per call.</summary>
internal static class TestInstances
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public static async Task<IReadOnlyList<TestInstance>> WriteStudyAsync(
        string directory,
        string patientId,
        string patientName,
        string studyDate,
        int count,
        int rows = 16,
        int columns = 16,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var study = DicomUid.Generate();
        var series = DicomUid.Generate();
        var instances = new List<TestInstance>();
        for (var i = 1; i <= count; i++)
        {
            var sop = DicomUid.Generate();
            var dataset = new DicomDataset()
                .AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 100")
                .AddOrUpdate(DicomTags.SOPClassUID, CtImageStorage)
                .AddOrUpdate(DicomTags.SOPInstanceUID, sop)
                .AddOrUpdate(DicomTags.StudyDate, studyDate)
                .AddOrUpdate(DicomTags.StudyTime, "101500")
                .AddOrUpdate(DicomTags.AccessionNumber, "ACC" + patientId)
                .AddOrUpdate(DicomTags.Modality, "CT")
                .AddOrUpdate(DicomTags.ReferringPhysicianName, string.Empty)
                .AddOrUpdate(DicomTags.StudyDescription, "Interop " + patientId)
                .AddOrUpdate(DicomTags.PatientName, patientName)
                .AddOrUpdate(DicomTags.PatientID, patientId)
                .AddOrUpdate(DicomTags.PatientBirthDate, "19700101")
                .AddOrUpdate(DicomTags.PatientSex, "O")
                .AddOrUpdate(DicomTags.StudyInstanceUID, study)
                .AddOrUpdate(DicomTags.SeriesInstanceUID, series)
                .AddOrUpdate(DicomTags.StudyID, "1")
                .AddOrUpdate(DicomTags.SeriesNumber, "1")
                .AddOrUpdate(DicomTags.InstanceNumber, i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .AddOrUpdate(DicomTags.SamplesPerPixel, DicomVR.US, 1)
                .AddOrUpdate(DicomTags.PhotometricInterpretation, "MONOCHROME2")
                .AddOrUpdate(DicomTags.Rows, DicomVR.US, rows)
                .AddOrUpdate(DicomTags.Columns, DicomVR.US, columns)
                .AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, 16)
                .AddOrUpdate(DicomTags.BitsStored, DicomVR.US, 12)
                .AddOrUpdate(DicomTags.HighBit, DicomVR.US, 11)
                .AddOrUpdate(DicomTags.PixelRepresentation, DicomVR.US, 0)
                .AddOrUpdate(DicomTags.PixelData, DicomVR.OW, Pixels(rows, columns, seed: i));
            var path = System.IO.Path.Combine(directory, $"{patientId}-{i:D4}.dcm");
            await DicomFile.Create(dataset, TransferSyntax.ExplicitVRLittleEndian).SaveAsync(path, cancellationToken);
            instances.Add(new TestInstance(path, patientId, study, series, sop));
        }

        return instances;
    }

    /// <summary>The data set bytes of a Part 10 file: everything after the File Meta Information group.</summary>
    public static byte[] DatasetBytes(byte[] part10)
    {
        // Preamble (128) + "DICM" + (0002,0000) UL element (12 bytes) whose value is the rest of the group's length.
        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(part10.AsSpan(128 + 4 + 8));
        return part10[(int)(128 + 4 + 12 + groupLength)..];
    }

    private static byte[] Pixels(int rows, int columns, int seed)
    {
        var pixels = new byte[rows * columns * 2];
        var random = new Random(seed);
        for (var i = 0; i < pixels.Length; i += 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan(i), (ushort)random.Next(0, 4096));
        }

        return pixels;
    }
}
