using DicomHub.Archive.Query;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Archive.Tests.Query;

public sealed class SequenceMatcherTests
{
    [Theory]
    [InlineData("SMITH", "SM*", true)]
    [InlineData("SMITH", "*TH", true)]
    [InlineData("SMITH", "S?ITH", true)]
    [InlineData("SMITH", "S*I*H", true)]
    [InlineData("SMITH", "S?TH", false)]
    [InlineData("SMITH", "*X*", false)]
    [InlineData("", "*", true)]
    public void Glob_follows_the_dicom_wildcards(string value, string pattern, bool expected) =>
        Assert.Equal(expected, SequenceMatcher.Glob(value, pattern, StringComparison.Ordinal));

    [Fact]
    public void Person_names_match_without_case_other_values_exactly()
    {
        Assert.True(SequenceMatcher.Matches(new SingleValueMatch("doe^john"), DicomVR.PN, ["DOE^JOHN"]));
        Assert.False(SequenceMatcher.Matches(new SingleValueMatch("rp1"), DicomVR.SH, ["RP1"]));
        Assert.True(SequenceMatcher.Matches(new RangeMatch("20200101", null), DicomVR.DA, ["20210101"]));
        Assert.False(SequenceMatcher.Matches(new RangeMatch(null, "20191231"), DicomVR.DA, ["20210101"]));
        Assert.True(SequenceMatcher.Matches(new ListMatch(["1.2", "1.3"]), DicomVR.UI, ["1.3"]));
    }

    [Fact]
    public void All_valued_keys_of_the_item_must_match_one_stored_item()
    {
        var query = Sequence(("RP1", "SPS2"));
        var key = Assert.IsType<SequenceKey>(SequenceMatcher.Parse(query));
        Assert.False(SequenceMatcher.Matches(Candidate(("RP1", "SPS1"), ("RP2", "SPS2")), key));
        Assert.True(SequenceMatcher.Matches(Candidate(("RP0", "SPS0"), ("RP1", "SPS2")), key));
        Assert.False(SequenceMatcher.Matches(new DicomDataset(), key));
        Assert.Null(SequenceMatcher.Parse(new DicomSequence(DicomTags.RequestAttributesSequence)));
    }

    private static DicomSequence Sequence(params (string Procedure, string Step)[] items) =>
        new(DicomTags.RequestAttributesSequence, [.. items.Select(i =>
        {
            var item = new DicomDataset();
            item.AddOrUpdate(DicomTags.RequestedProcedureID, DicomVR.SH, i.Procedure);
            item.AddOrUpdate(DicomTags.ScheduledProcedureStepID, DicomVR.SH, i.Step);
            return item;
        })]);

    private static DicomDataset Candidate(params (string Procedure, string Step)[] items)
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(Sequence(items));
        return dataset;
    }
}
