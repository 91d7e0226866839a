using DicomHub.Archive.Query;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Archive.Tests.Query;

/// <summary>C-MOVE/C-GET identifiers: unique keys only, the level's own key required, PATIENT level queries the studies.</summary>
public sealed class RetrieveIdentifierTests
{
    private static DicomDataset Identifier(string level, params (DicomTag Tag, string Value)[] keys)
    {
        var identifier = new DicomDataset();
        identifier.AddOrUpdate(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        foreach (var (tag, value) in keys)
        {
            identifier.AddOrUpdate(tag, tag == DicomTags.PatientID ? DicomVR.LO : DicomVR.UI, value);
        }

        return identifier;
    }

    [Fact]
    public void SeriesLevelKeepsTheUniqueKeysAndIgnoresEverythingElse()
    {
        var identifier = Identifier("SERIES", (DicomTags.StudyInstanceUID, "1.2"), (DicomTags.SeriesInstanceUID, "1.2.3\\1.2.4"));
        identifier.AddOrUpdate(DicomTags.Modality, DicomVR.CS, "CT");

        var query = RetrieveIdentifier.ToQueryRequest(identifier, QueryRetrieveModel.StudyRoot);

        Assert.Equal(QueryLevel.Series, query.Level);
        Assert.Equal([DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID], query.Keys.Select(k => k.Tag));
        Assert.Equal(["1.2.3", "1.2.4"], Assert.IsType<ListMatch>(query.Find(DicomTags.SeriesInstanceUID)!.Condition).Values);
    }

    [Fact]
    public void PatientLevelOnPatientRootRetrievesThePatientsStudies()
    {
        var query = RetrieveIdentifier.ToQueryRequest(Identifier("PATIENT", (DicomTags.PatientID, "PID1")), QueryRetrieveModel.PatientRoot);

        Assert.Equal(QueryLevel.Study, query.Level);
        Assert.Equal("PID1", Assert.IsType<SingleValueMatch>(Assert.Single(query.Keys).Condition).Value);
    }

    [Theory]
    [InlineData("STUDY", "StudyInstanceUID")]
    [InlineData("IMAGE", "SOPInstanceUID")]
    public void TheLevelsUniqueKeyIsRequired(string level, string named)
    {
        var error = Assert.Throws<QueryIdentifierException>(() => RetrieveIdentifier.ToQueryRequest(Identifier(level, (DicomTags.PatientID, "PID1")), QueryRetrieveModel.PatientRoot));

        Assert.True(error.IdentifierDoesNotMatchSopClass);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WildcardsAndBadLevelsAreRefused()
    {
        var wildcard = Assert.Throws<QueryIdentifierException>(() => RetrieveIdentifier.ToQueryRequest(Identifier("PATIENT", (DicomTags.PatientID, "PID*")), QueryRetrieveModel.PatientRoot));
        Assert.False(wildcard.IdentifierDoesNotMatchSopClass);

        var patientOnStudyRoot = Assert.Throws<QueryIdentifierException>(() => RetrieveIdentifier.ToQueryRequest(Identifier("PATIENT", (DicomTags.PatientID, "PID1")), QueryRetrieveModel.StudyRoot));
        Assert.True(patientOnStudyRoot.IdentifierDoesNotMatchSopClass);
    }

    [Theory]
    [InlineData("StudyDate", "2021AB01")]
    [InlineData("StudyDate", "20210101-2021")]
    [InlineData("StudyTime", "25")]
    public void CFindRefusesMalformedDatesAndTimes(string keyword, string value)
    {
        var tag = DicomDictionary.Default.Find(keyword)!.Tag;
        var identifier = new DicomDataset();
        identifier.AddOrUpdate(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.AddOrUpdate(tag, keyword == "StudyDate" ? DicomVR.DA : DicomVR.TM, value);

        var error = Assert.Throws<QueryIdentifierException>(() => CFindIdentifier.ToQueryRequest(identifier, QueryRetrieveModel.StudyRoot));

        Assert.False(error.IdentifierDoesNotMatchSopClass);
        Assert.Contains(value.Split('-')[^1], error.Message, StringComparison.Ordinal);
    }
}
