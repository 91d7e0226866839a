using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;

namespace DicomHub.Dicom.Tests.IO;

public class DicomFileRoundTripTests
{
    public static TheoryData<string> NativeSyntaxes =>
    [
        TransferSyntax.ImplicitVRLittleEndian.Uid,
        TransferSyntax.ExplicitVRLittleEndian.Uid,
        TransferSyntax.ExplicitVRBigEndian.Uid,
        TransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
    ];

    [Theory]
    [MemberData(nameof(NativeSyntaxes))]
    public async Task A_written_file_reads_back_with_the_same_values(string uid)
    {
        var syntax = TransferSyntax.FromUid(uid);
        var original = SampleDatasets.Image();
        using var memory = new MemoryStream();
        await DicomFile.Create(original, syntax).WriteAsync(memory, TestContext.Current.CancellationToken);

        memory.Position = 0;
        var read = await DicomFile.ReadAsync(memory, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(read.Warnings);
        Assert.Equal(syntax, read.TransferSyntax);
        Assert.Equal("Doe^John", read.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal(4, read.Dataset.GetInt32(DicomTags.Rows));
        Assert.Equal([1.5, -2.25], read.Dataset.GetDoubles(DicomTags.RealWorldValueLUTData));
        Assert.Equal(new DicomTag(0x0018, 0x1063).Value, (uint)read.Dataset.GetDouble(DicomTags.FrameIncrementPointer)!.Value);
        var sequence = read.Dataset.Get<DicomSequence>(DicomTags.ReferencedImageSequence)!;
        Assert.Equal(2, sequence.Items.Count);
        Assert.Equal("Tissue", sequence.Items[0].Get<DicomSequence>(DicomTags.ConceptNameCodeSequence)!.Items[0].GetString(DicomTags.CodeMeaning));
        Assert.Empty(read.Dataset.Get<DicomSequence>(DicomTags.ProcedureCodeSequence)!.Items);
        Assert.Equal(SampleDatasets.SopInstance, read.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID));
        Assert.Equal(uid, read.FileMetaInformation.GetString(DicomTags.TransferSyntaxUID));
        Assert.Equal(DicomImplementation.ClassUid, read.FileMetaInformation.GetString(DicomTags.ImplementationClassUID));

        var expected = syntax.IsExplicitVR ? original : WithImplicitVRs(original);
        Assert.Equal(SampleDatasets.Canonical(expected), SampleDatasets.Canonical(read.Dataset));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.4.70")]
    [InlineData("1.2.840.10008.1.2.5")]
    [InlineData("1.2.840.10008.1.2.4.999")]
    public async Task Encapsulated_pixel_data_passes_through_fragment_by_fragment(string uid)
    {
        var original = SampleDatasets.Encapsulated(SampleDatasets.Image());
        original.AddOrUpdate(new DicomElement(DicomTags.ExtendedOffsetTable, DicomVR.OV, new byte[8]));
        original.AddOrUpdate(new DicomElement(DicomTags.ExtendedOffsetTableLengths, DicomVR.UV, BitConverter.GetBytes(42UL)));
        using var memory = new MemoryStream();
        await DicomFile.Create(original, TransferSyntax.FromUid(uid)).WriteAsync(memory, TestContext.Current.CancellationToken);

        memory.Position = 0;
        var read = await DicomFile.ReadAsync(memory, cancellationToken: TestContext.Current.CancellationToken);

        var fragments = Assert.IsType<DicomFragmentSequence>(read.Dataset[DicomTags.PixelData]);
        Assert.Equal(3, fragments.Fragments.Count);
        Assert.Equal([0u], fragments.ReadOffsets());
        Assert.Equal(42, read.Dataset.GetDouble(DicomTags.ExtendedOffsetTableLengths));
        Assert.Equal(DicomVR.OV, read.Dataset[DicomTags.ExtendedOffsetTable]!.VR);
        Assert.Equal(SampleDatasets.Canonical(original), SampleDatasets.Canonical(read.Dataset));
    }

    /// <summary>Implicit VR loses what the dictionary cannot give back: private values read as UN, pixels as OW.</summary>
    private static DicomDataset WithImplicitVRs(DicomDataset dataset)
    {
        var copy = dataset.Clone();
        foreach (var element in copy.OfType<DicomElement>().ToList())
        {
            var vr = element.Tag == DicomTags.PixelData ? DicomVR.OW : DicomDictionary.Default.DefaultVR(element.Tag);
            copy.AddOrUpdate(new DicomElement(element.Tag, vr, element.Buffer));
        }

        return copy;
    }
}
