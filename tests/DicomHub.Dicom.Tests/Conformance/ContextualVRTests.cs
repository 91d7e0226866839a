using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Dicom.Json;

namespace DicomHub.Dicom.Tests.Conformance;

/// <summary>
/// Issue 15 #3, the rule: "US or SS" and "OB or OW" resolved from Pixel Representation and Bits Allocated when the
/// encoding carries no VR, so 16-bit Pixel Data is never OB and signed pixel values are SS, in the parsed data set
/// and so in the JSON metadata.
/// </summary>
public sealed class ContextualVRTests
{
    [Theory]
    [InlineData(0x7FE00010u, 16, 0, "OW")]
    [InlineData(0x7FE00010u, 8, 0, "OB")]
    [InlineData(0x7FE00010u, null, null, "OW")]
    [InlineData(0x00280106u, 16, 1, "SS")]
    [InlineData(0x00280107u, 16, 0, "US")]
    [InlineData(0x00280120u, 16, null, "US")]
    [InlineData(0x00283002u, 16, 1, "US")]
    [InlineData(0x00283006u, 16, 1, "OW")]
    [InlineData(0x60003000u, 8, 0, "OW")]
    [InlineData(0x00100010u, 16, 1, "PN")]
    public void Ambiguous_VRs_follow_the_image_attributes(uint tag, int? bitsAllocated, int? pixelRepresentation, string expected)
    {
        var vr = ContextualVR.ForImplicit(new DicomTag(tag), new VRContext(bitsAllocated, pixelRepresentation, null));

        Assert.Equal(expected, vr.Code());
    }

    [Fact]
    public void Waveform_data_follows_waveform_bits_allocated()
    {
        Assert.Equal(DicomVR.OB, ContextualVR.ForImplicit(DicomTags.WaveformData, new VRContext(16, 0, 8)));
        Assert.Equal(DicomVR.OW, ContextualVR.ForImplicit(DicomTags.WaveformData, new VRContext(8, 0, 16)));
    }

    [Fact]
    public async Task Implicit_VR_signed_image_is_read_with_SS_values_and_OW_pixels_and_its_JSON_says_so()
    {
        var bytes = DicomDatasetWriter.Encode(SignedImage(), TransferSyntax.ImplicitVRLittleEndian);

        using var stream = new MemoryStream(bytes);
        var read = await DicomDatasetReader.ReadAsync(stream, TransferSyntax.ImplicitVRLittleEndian, null, TestContext.Current.CancellationToken);

        Assert.Equal(DicomVR.SS, read[DicomTags.SmallestImagePixelValue]!.VR);
        Assert.Equal(-100, read.GetInt32(DicomTags.SmallestImagePixelValue));
        Assert.Equal(DicomVR.OW, read[DicomTags.PixelData]!.VR);
        var json = DicomJsonWriter.Serialize(read);
        Assert.Contains("\"00280106\":{\"vr\":\"SS\",\"Value\":[-100]}", json, StringComparison.Ordinal);
        Assert.Contains("\"00280107\":{\"vr\":\"SS\",\"Value\":[900]}", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_inherit_the_enclosing_pixel_representation_unless_they_have_their_own()
    {
        var icon = new DicomDataset()
            .AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, 8)
            .AddOrUpdate(DicomTags.PixelRepresentation, DicomVR.US, 0)
            .AddOrUpdate(DicomTags.LargestImagePixelValue, DicomVR.US, 200)
            .AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OB, new byte[4]));
        var mapping = new DicomDataset().AddOrUpdate(DicomTags.RealWorldValueFirstValueMapped, DicomVR.SS, -5);
        var dataset = SignedImage();
        dataset.AddOrUpdate(new DicomSequence(DicomTags.IconImageSequence, [icon]));
        dataset.AddOrUpdate(new DicomSequence(DicomTags.RealWorldValueMappingSequence, [mapping]));
        using var stream = new MemoryStream(DicomDatasetWriter.Encode(dataset, TransferSyntax.ImplicitVRLittleEndian));

        var read = await DicomDatasetReader.ReadAsync(stream, TransferSyntax.ImplicitVRLittleEndian, null, TestContext.Current.CancellationToken);

        var readIcon = ((DicomSequence)read[DicomTags.IconImageSequence]!).Items[0];
        Assert.Equal(DicomVR.US, readIcon[DicomTags.LargestImagePixelValue]!.VR);
        Assert.Equal(DicomVR.OB, readIcon[DicomTags.PixelData]!.VR);
        var readMapping = ((DicomSequence)read[DicomTags.RealWorldValueMappingSequence]!).Items[0];
        Assert.Equal(-5, readMapping.GetInt32(DicomTags.RealWorldValueFirstValueMapped));
    }

    /// <summary>A 16-bit signed image whose smallest value is negative.</summary>
    internal static DicomDataset SignedImage()
    {
        var pixels = new byte[32];
        return new DicomDataset()
            .AddOrUpdate(DicomTags.SOPClassUID, DicomUids.CTImageStorage)
            .AddOrUpdate(DicomTags.SOPInstanceUID, "1.2.3.4")
            .AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, 16)
            .AddOrUpdate(DicomTags.PixelRepresentation, DicomVR.US, 1)
            .AddOrUpdate(DicomTags.SmallestImagePixelValue, DicomVR.SS, -100)
            .AddOrUpdate(DicomTags.LargestImagePixelValue, DicomVR.SS, 900)
            .AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, pixels));
    }
}
