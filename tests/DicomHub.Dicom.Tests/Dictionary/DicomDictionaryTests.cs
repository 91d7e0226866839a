using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Tests.Dictionary;

public class DicomDictionaryTests
{
    [Fact]
    public void Finds_standard_element_by_tag_and_keyword()
    {
        var byTag = DicomDictionary.Default.Find(new DicomTag(0x0010, 0x0010));
        var byKeyword = DicomDictionary.Default.Find("PatientName");

        Assert.NotNull(byTag);
        Assert.Equal("PatientName", byTag.Keyword);
        Assert.Equal(DicomVR.PN, byTag.DefaultVR);
        Assert.Equal(byTag.Tag, byKeyword!.Tag);
    }

    [Fact]
    public void Holds_the_whole_standard_including_retired_elements()
    {
        Assert.True(DicomDictionary.Default.Count > 4000);
        var retired = DicomDictionary.Default.Find(new DicomTag(0x0000, 0x0001));
        Assert.True(retired!.IsRetired);
    }

    [Fact]
    public void Resolves_repeating_groups()
    {
        var overlayRows = DicomDictionary.Default.Find(new DicomTag(0x6002, 0x0010));
        Assert.Equal("OverlayRows", overlayRows!.Keyword);
        Assert.Null(DicomDictionary.Default.Find(new DicomTag(0x6001, 0x0010))?.Keyword is "OverlayRows" ? overlayRows : null);
    }

    [Fact]
    public void Private_tags_have_no_entry_but_creators_are_LO()
    {
        Assert.Null(DicomDictionary.Default.Find(new DicomTag(0x0009, 0x1001)));
        Assert.Equal(DicomVR.LO, DicomDictionary.Default.DefaultVR(new DicomTag(0x0009, 0x0010)));
        Assert.Equal(DicomVR.UN, DicomDictionary.Default.DefaultVR(new DicomTag(0x0009, 0x1001)));
    }

    [Fact]
    public void Pixel_data_may_be_OB_or_OW()
    {
        var entry = DicomDictionary.Default.Find(DicomTags.PixelData)!;
        Assert.Equal([DicomVR.OB, DicomVR.OW], entry.ValueRepresentations);
    }
}
