using DicomHub.Archive.Query;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Archive.Tests.Query;

public sealed class CFindIdentifierTests
{
    private static DicomDataset Identifier(string? level, params (DicomTag Tag, DicomVR VR, string Value)[] keys)
    {
        var identifier = new DicomDataset();
        if (level is not null)
        {
            identifier.AddOrUpdate(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        }

        foreach (var (tag, vr, value) in keys)
        {
            identifier.AddOrUpdate(tag, vr, value);
        }

        return identifier;
    }

    [Fact]
    public void ValuesBecomeTheSameConditionsAsQidoAndEmptyKeysAreOnlyReturned()
    {
        var identifier = Identifier(
            "STUDY",
            (DicomTags.PatientName, DicomVR.PN, "DOE*"),
            (DicomTags.StudyDate, DicomVR.DA, "20200101-20201231"),
            (DicomTags.StudyInstanceUID, DicomVR.UI, "1.2.3\\1.2.4"),
            (DicomTags.PatientID, DicomVR.LO, "PID1"),
            (DicomTags.AccessionNumber, DicomVR.SH, string.Empty));

        var query = CFindIdentifier.ToQueryRequest(identifier, QueryRetrieveModel.StudyRoot);

        var request = query.Request;
        Assert.Equal(QueryLevel.Study, request.Level);
        Assert.False(query.OptionalKeysIgnored);
        Assert.Equal(new WildcardMatch("DOE*"), request.Find(DicomTags.PatientName)!.Condition);
        Assert.Equal(new RangeMatch("20200101", "20201231"), request.Find(DicomTags.StudyDate)!.Condition);
        Assert.Equal(["1.2.3", "1.2.4"], Assert.IsType<ListMatch>(request.Find(DicomTags.StudyInstanceUID)!.Condition).Values);
        Assert.Equal(new SingleValueMatch("PID1"), request.Find(DicomTags.PatientID)!.Condition);
        Assert.Null(request.Find(DicomTags.AccessionNumber));
        Assert.Contains(DicomTags.AccessionNumber, request.IncludeFields);
        Assert.DoesNotContain(DicomTags.QueryRetrieveLevel, request.IncludeFields);
    }

    [Theory]
    [InlineData("PATIENT", QueryRetrieveModel.PatientRoot, QueryLevel.Patient)]
    [InlineData("STUDY", QueryRetrieveModel.PatientRoot, QueryLevel.Study)]
    [InlineData("SERIES", QueryRetrieveModel.StudyRoot, QueryLevel.Series)]
    [InlineData("IMAGE", QueryRetrieveModel.StudyRoot, QueryLevel.Instance)]
    public void EveryLevelOfTheModelIsAccepted(string level, QueryRetrieveModel model, QueryLevel expected) =>
        Assert.Equal(expected, CFindIdentifier.ToQueryRequest(Identifier(level), model).Request.Level);

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("FRAME", "'FRAME' is not")]
    [InlineData("PATIENT", "Patient Root")]
    public void AMissingWrongOrMisplacedLevelNamesTheCause(string? level, string reason)
    {
        var error = Assert.Throws<QueryIdentifierException>(() => CFindIdentifier.ToQueryRequest(Identifier(level), QueryRetrieveModel.StudyRoot));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.True(error.IdentifierDoesNotMatchSopClass);
    }

    [Fact]
    public void AValueOnAKeyTheRegistryDoesNotIndexIsMatchedUniversallyAndFlagged()
    {
        var identifier = Identifier("STUDY", (DicomTags.StudyInstanceUID, DicomVR.UI, string.Empty), (DicomTags.InstitutionName, DicomVR.LO, "General"));

        var query = CFindIdentifier.ToQueryRequest(identifier, QueryRetrieveModel.StudyRoot);

        Assert.True(query.OptionalKeysIgnored);
        Assert.Empty(query.Request.Keys);
        Assert.Contains(DicomTags.InstitutionName, query.Request.IncludeFields);
    }
}
