using DicomHub.DicomWeb.Client;

namespace DicomHub.DicomWeb.Tests.Client;

public sealed class QidoQueryTests
{
    [Fact]
    public void Builds_resource_paths_for_each_level_and_parent()
    {
        Assert.Equal("studies", new QidoQuery().ResourcePath());
        Assert.Equal("series", new QidoQuery { Level = QueryLevel.Series }.ResourcePath());
        Assert.Equal("studies/1.2/series", new QidoQuery { Level = QueryLevel.Series, StudyInstanceUid = "1.2" }.ResourcePath());
        Assert.Equal("studies/1.2/instances", new QidoQuery { Level = QueryLevel.Instance, StudyInstanceUid = "1.2" }.ResourcePath());
        Assert.Equal("studies/1.2/series/3.4/instances", new QidoQuery { Level = QueryLevel.Instance, StudyInstanceUid = "1.2", SeriesInstanceUid = "3.4" }.ResourcePath());
        Assert.Throws<ArgumentException>(() => new QidoQuery { Level = QueryLevel.Instance, SeriesInstanceUid = "3.4" }.ResourcePath());
    }

    [Fact]
    public void Query_string_keeps_wildcards_and_carets_and_escapes_separators()
    {
        var query = new QidoQuery
        {
            Keys = [QidoQuery.ParseKey("PatientName=Doe^J*"), QidoQuery.ParseKey("StudyDescription=A&B = C+D%"), QidoQuery.ParseKey("StudyDate=20240101-20241231")],
            IncludeFields = ["00081030", "all"],
            FuzzyMatching = true,
            Limit = 10,
            Offset = 20,
        };

        Assert.Equal(
            "PatientName=Doe^J*&StudyDescription=A%26B%20%3D%20C%2BD%25&StudyDate=20240101-20241231&includefield=00081030&includefield=all&fuzzymatching=true&limit=10&offset=20",
            query.QueryString());
        Assert.Equal("M%C3%BCller", QidoQuery.EscapeQueryPart("Müller"));
    }

    [Theory]
    [InlineData("PatientID")]
    [InlineData("NoSuchKeyword=1")]
    [InlineData("=1")]
    public void Rejects_keys_that_are_not_keyword_equals_value(string text)
    {
        Assert.Throws<FormatException>(() => QidoQuery.ParseKey(text));
    }

    [Fact]
    public void Accepts_hex_tags_and_sequence_paths()
    {
        Assert.Equal(new KeyValuePair<string, string>("00100020", "X"), QidoQuery.ParseKey("00100020=X"));
        Assert.Equal("ReferencedStudySequence.StudyInstanceUID", QidoQuery.ParseKey("ReferencedStudySequence.StudyInstanceUID=1.2").Key);
    }
}
