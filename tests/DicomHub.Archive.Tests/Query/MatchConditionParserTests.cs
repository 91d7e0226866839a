using DicomHub.Archive.Query;
using DicomHub.Dicom.Data;

namespace DicomHub.Archive.Tests.Query;

public sealed class MatchConditionParserTests
{
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("*")]
    public void EmptyOrStarIsUniversal(string value) =>
        Assert.IsType<UniversalMatch>(MatchConditionParser.Parse(DicomVR.PN, value, ['\\']));

    [Fact]
    public void DashInDateIsARange()
    {
        Assert.Equal(new RangeMatch("20200101", "20201231"), MatchConditionParser.Parse(DicomVR.DA, "20200101-20201231", ['\\']));
        Assert.Equal(new RangeMatch(null, "20201231"), MatchConditionParser.Parse(DicomVR.DA, "-20201231", ['\\']));
        Assert.Equal(new RangeMatch("20200101", null), MatchConditionParser.Parse(DicomVR.DA, "20200101-", ['\\']));
    }

    [Fact]
    public void DashInTextIsLiteral() =>
        Assert.Equal(new SingleValueMatch("A-1"), MatchConditionParser.Parse(DicomVR.LO, "A-1", ['\\']));

    [Fact]
    public void WildcardsInUidsAreNotWildcards() =>
        Assert.IsType<SingleValueMatch>(MatchConditionParser.Parse(DicomVR.UI, "1.2*", ['\\']));

    [Fact]
    public void BackslashOrCommaMakesAList()
    {
        var list = Assert.IsType<ListMatch>(MatchConditionParser.Parse(DicomVR.UI, "1.2\\1.3", ['\\']));
        Assert.Equal(["1.2", "1.3"], list.Values);
        list = Assert.IsType<ListMatch>(MatchConditionParser.Parse(DicomVR.UI, "1.2,1.3", [',', '\\']));
        Assert.Equal(["1.2", "1.3"], list.Values);
    }

    [Theory]
    [InlineData("12", "120000.000000", "125959.999999")]
    [InlineData("1230", "123000.000000", "123059.999999")]
    [InlineData("123045.5", "123045.500000", "123045.599999")]
    public void TimesAreNormalisedForRanges(string value, string lower, string upper)
    {
        Assert.Equal(lower, TimeValue.LowerBound(value));
        Assert.Equal(upper, TimeValue.UpperBound(value));
    }
}
