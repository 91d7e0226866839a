using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;

namespace DicomHub.Dicom.Tests.IO;

/// <summary>Data sets built in code for the I/O tests: every kind of item the reader and writer handle.</summary>
internal static class SampleDatasets
{
    public const string SopClassCt = "1.2.840.10008.5.1.4.1.1.2";
    public const string SopInstance = "1.2.826.0.1.3680043.10.1001.1";
    public static readonly DicomTag PrivateCreator = new(0x0009, 0x0010);
    public static readonly DicomTag PrivateValue = new(0x0009, 0x1001);
    public static readonly DicomTag PrivateSequence = new(0x0009, 0x1002);

    /// <summary>A small CT-like image: text, numbers, nested sequences, private tags and 16-bit pixels.</summary>
    public static DicomDataset Image(int rows = 4, int columns = 4, bool? sequencesUndefined = null)
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 100")
            .AddOrUpdate(DicomTags.SOPClassUID, SopClassCt)
            .AddOrUpdate(DicomTags.SOPInstanceUID, SopInstance)
            .AddOrUpdate(DicomTags.StudyInstanceUID, "1.2.826.0.1.3680043.10.1001.2")
            .AddOrUpdate(DicomTags.SeriesInstanceUID, "1.2.826.0.1.3680043.10.1001.3")
            .AddOrUpdate(DicomTags.Modality, "CT")
            .AddOrUpdate(DicomTags.PatientName, "Doe^John")
            .AddOrUpdate(DicomTags.PatientID, "PID-0042")
            .AddOrUpdate(DicomTags.StudyDate, "20240131")
            .AddOrUpdate(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL")
            .AddOrUpdate(DicomTags.PixelSpacing, DicomVR.DS, 0.5, 0.625)
            .AddOrUpdate(DicomTags.SliceThickness, DicomVR.DS, 1.25)
            .AddOrUpdate(DicomTags.Rows, DicomVR.US, rows)
            .AddOrUpdate(DicomTags.Columns, DicomVR.US, columns)
            .AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, 16)
            .AddOrUpdate(DicomTags.BitsStored, DicomVR.US, 12)
            .AddOrUpdate(DicomTags.HighBit, DicomVR.US, 11)
            .AddOrUpdate(DicomTags.PixelRepresentation, DicomVR.US, 0)
            .AddOrUpdate(DicomTags.SamplesPerPixel, DicomVR.US, 1)
            .AddOrUpdate(DicomTags.PhotometricInterpretation, "MONOCHROME2")
            .AddOrUpdate(DicomTags.RescaleIntercept, DicomVR.DS, -1024)
            .AddOrUpdate(DicomTags.RescaleSlope, DicomVR.DS, 1)
            .AddOrUpdate(DicomTags.InstanceNumber, DicomVR.IS, 7)
            .AddOrUpdate(DicomTags.ImagePositionPatient, DicomVR.DS, -125.5, -130.25, 42)
            .AddOrUpdate(DicomTags.FrameIncrementPointer, DicomVR.AT, new DicomTag(0x0018, 0x1063).Value)
            .AddOrUpdate(DicomTags.RealWorldValueLUTData, DicomVR.FD, 1.5, -2.25)
            .AddOrUpdate(DicomTags.ReferencedFrameNumber, DicomVR.IS, 1, 2)
            .AddOrUpdate(PrivateCreator, DicomVR.LO, "DICOMHUB TEST")
            .AddOrUpdate(PrivateValue, DicomVR.UN, new byte[] { 1, 2, 3, 4, 5, 6 });

        var code = new DicomDataset()
            .AddOrUpdate(DicomTags.CodeValue, "T-D0050")
            .AddOrUpdate(DicomTags.CodingSchemeDesignator, "SRT")
            .AddOrUpdate(DicomTags.CodeMeaning, "Tissue");
        var inner = new DicomSequence(DicomTags.ConceptNameCodeSequence, [code]) { UndefinedLength = sequencesUndefined, ItemsUndefinedLength = sequencesUndefined };
        var referenced = new DicomDataset()
            .AddOrUpdate(DicomTags.ReferencedSOPClassUID, SopClassCt)
            .AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, "1.2.3.4.5")
            .AddOrUpdate(inner);
        var second = new DicomDataset().AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, "1.2.3.4.6");
        dataset.AddOrUpdate(new DicomSequence(DicomTags.ReferencedImageSequence, [referenced, second]) { UndefinedLength = sequencesUndefined, ItemsUndefinedLength = sequencesUndefined });
        dataset.AddOrUpdate(new DicomSequence(DicomTags.ProcedureCodeSequence) { UndefinedLength = sequencesUndefined });

        var pixels = new byte[rows * columns * 2];
        for (var i = 0; i < rows * columns; i++)
        {
            pixels[2 * i] = (byte)(i * 7);
            pixels[(2 * i) + 1] = (byte)(i % 16);
        }

        dataset.AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, pixels));
        return dataset;
    }

    /// <summary>Replaces native Pixel Data with fragments (a JPEG-like byte soup: pass-through needs no codec).</summary>
    public static DicomDataset Encapsulated(DicomDataset dataset, int fragments = 3)
    {
        var sequence = new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB);
        var offsets = new byte[4];
        sequence.BasicOffsetTable = new MemoryByteBuffer(offsets);
        for (var f = 0; f < fragments; f++)
        {
            var bytes = new byte[10 + (2 * f)];
            bytes[0] = 0xFF;
            bytes[1] = 0xD8;
            for (var i = 2; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(f + i);
            }

            sequence.Fragments.Add(new MemoryByteBuffer(bytes));
        }

        dataset.AddOrUpdate(sequence);
        return dataset;
    }

    /// <summary>A deep comparison through the canonical encoding: equal bytes mean equal tags, VRs and values.</summary>
    public static byte[] Canonical(DicomDataset dataset) => DicomDatasetWriter.Encode(WithoutStyles(dataset), TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian);

    private static DicomDataset WithoutStyles(DicomDataset dataset)
    {
        var copy = dataset.Clone();
        Normalize(copy);
        return copy;
    }

    private static void Normalize(DicomDataset dataset)
    {
        foreach (var sequence in dataset.OfType<DicomSequence>())
        {
            sequence.UndefinedLength = null;
            sequence.ItemsUndefinedLength = null;
            foreach (var item in sequence.Items)
            {
                Normalize(item);
            }
        }
    }
}
