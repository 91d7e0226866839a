using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Tests.Data;

public class DicomDatasetTests
{
    [Fact]
    public void Keeps_items_in_tag_order_whatever_the_insertion_order()
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTags.PatientID, "42")
            .AddOrUpdate(DicomTags.Modality, "CT")
            .AddOrUpdate(DicomTags.PatientName, "Doe^John");

        Assert.Equal([DicomTags.Modality, DicomTags.PatientName, DicomTags.PatientID], dataset.Select(i => i.Tag));
    }

    [Fact]
    public void Text_values_are_padded_to_even_length_and_read_back_trimmed()
    {
        var dataset = new DicomDataset().AddOrUpdate(DicomTags.PatientName, "Doe^Jo");
        var element = dataset.Get<DicomElement>(DicomTags.PatientName)!;

        Assert.Equal(6, element.Length);
        dataset.AddOrUpdate(DicomTags.PatientName, "Doe^Joe");
        Assert.Equal(8, dataset.Get<DicomElement>(DicomTags.PatientName)!.Length);
        Assert.Equal("Doe^Joe", dataset.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void UIDs_are_padded_with_NUL()
    {
        var dataset = new DicomDataset().AddOrUpdate(DicomTags.SOPClassUID, "1.2.3");
        Assert.Equal(0, dataset.Get<DicomElement>(DicomTags.SOPClassUID)!.Buffer.Memory.Span[^1]);
        Assert.Equal("1.2.3", dataset.GetString(DicomTags.SOPClassUID));
    }

    [Fact]
    public void Numbers_round_trip_through_binary_and_string_VRs()
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTags.Rows, DicomVR.US, 512)
            .AddOrUpdate(DicomTags.PixelSpacing, DicomVR.DS, 0.4883, 0.4883)
            .AddOrUpdate(DicomTags.InstanceNumber, DicomVR.IS, 17);

        Assert.Equal((ushort)512, dataset.GetUInt16(DicomTags.Rows));
        Assert.Equal([0.4883, 0.4883], dataset.GetDoubles(DicomTags.PixelSpacing));
        Assert.Equal(17, dataset.GetInt32(DicomTags.InstanceNumber));
    }

    [Fact]
    public void Multiple_values_split_on_backslash()
    {
        var dataset = new DicomDataset().AddOrUpdate(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], dataset.GetStrings(DicomTags.ImageType));
    }

    [Fact]
    public void Sequence_items_inherit_the_specific_character_set()
    {
        var dataset = new DicomDataset().AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        var item = new DicomDataset();
        dataset.AddOrUpdate(new DicomSequence(DicomTags.ReferencedStudySequence, [item]));
        item.AddOrUpdate(DicomTags.PatientName, "Müller^Jürgen");

        Assert.Equal(["ISO_IR 192"], item.CharacterSet.Terms);
        Assert.Equal("Müller^Jürgen", item.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Person_name_components()
    {
        var name = PersonName.Parse("Yamada^Tarou=山田^太郎=やまだ^たろう");
        Assert.Equal("Yamada", name.FamilyName);
        Assert.Equal("Tarou", name.GivenName);
        Assert.Equal("山田^太郎", name.Ideographic);
        Assert.Equal("やまだ^たろう", name.Phonetic);
    }

    [Fact]
    public void Generated_UIDs_are_valid_and_distinct()
    {
        var a = DicomUid.Generate();
        var b = DicomUid.Generate("1.2.826.0.1.3680043.10.1234");
        Assert.True(DicomUid.IsValid(a), a);
        Assert.True(DicomUid.IsValid(b), b);
        Assert.NotEqual(a, DicomUid.Generate());
        Assert.Equal(DicomUid.Derive("seed", "study1"), DicomUid.Derive("seed", "study1"));
        Assert.NotEqual(DicomUid.Derive("seed", "study1"), DicomUid.Derive("seed", "study2"));
    }
}
