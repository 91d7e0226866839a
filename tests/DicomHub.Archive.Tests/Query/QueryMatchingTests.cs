using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Tests.Support;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Query;

/// <summary>Each PS3.4 C.2.2.2 matching rule, run against each registry database (the classes at the end).</summary>
public abstract class QueryMatchingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The PostgreSQL cluster to run against; null for SQLite.</summary>
    protected virtual PostgresCluster? Postgres => null;

    [Fact]
    public async Task SingleValueMatchingIsExactAndCaseSensitiveForText()
    {
        await using var f = await SeedAsync();
        Assert.Equal(["1.1"], await StudiesAsync(f, Key(DicomTags.PatientID, "PID1")));
        Assert.Empty(await StudiesAsync(f, Key(DicomTags.PatientID, "pid1")));
        Assert.Empty(await StudiesAsync(f, Key(DicomTags.PatientID, "PID")));
    }

    [Fact]
    public async Task PersonNameSingleValueIgnoresCaseAndTrailingEmptyComponents()
    {
        await using var f = await SeedAsync();
        Assert.Equal(["1.1"], await StudiesAsync(f, Key(DicomTags.PatientName, "doe^john")));
        Assert.Equal(["1.1"], await StudiesAsync(f, Key(DicomTags.PatientName, "Doe^John^^^")));
        Assert.Empty(await StudiesAsync(f, Key(DicomTags.PatientName, "doe")));
    }

    [Fact]
    public async Task WildcardStarAndQuestionMark()
    {
        await using var f = await SeedAsync();
        Assert.Equal(["1.1", "1.3"], await StudiesAsync(f, Key(DicomTags.PatientName, "DOE*")));
        Assert.Equal(["1.2"], await StudiesAsync(f, Key(DicomTags.AccessionNumber, "?2")));
        Assert.Equal(["1.1", "1.2", "1.3"], await StudiesAsync(f, Key(DicomTags.AccessionNumber, "A*")));

        // Text wildcards stay case-sensitive (only PN ignores case).
        Assert.Empty(await StudiesAsync(f, Key(DicomTags.AccessionNumber, "a*")));
        Assert.Equal(["1.2"], await StudiesAsync(f, Key(DicomTags.PatientName, "*smith*")));
    }

    [Fact]
    public async Task SqlLikeMetacharactersAreLiteral()
    {
        await using var f = await RegistryFixture.CreateAsync(Postgres);
        await CommitAsync(f, TestDatasets.Dataset("9.1", study: "9", series: "9.0", patientId: "A_1"), TestDatasets.Dataset("9.2", study: "8", series: "8.0", patientId: "AB1"));
        Assert.Equal(["9"], await StudiesAsync(f, Key(DicomTags.PatientID, "A_*")));
        Assert.Equal(["9"], await StudiesAsync(f, Key(DicomTags.PatientID, "A_1")));
        Assert.Equal(["9", "8"], await StudiesAsync(f, Key(DicomTags.PatientID, "A?1")));
    }

    [Fact]
    public async Task UidListMatchesAnyOfTheUids()
    {
        await using var f = await SeedAsync();
        Assert.Equal(["1.1", "1.3"], await StudiesAsync(f, Key(DicomTags.StudyInstanceUID, "1.1,1.3,9.9")));
        Assert.Equal(["1.2"], await StudiesAsync(f, Key(DicomTags.StudyInstanceUID, "1.2")));
    }

    [Fact]
    public async Task DateRangesAreInclusiveAndMayBeOpen()
    {
        await using var f = await SeedAsync();
        Assert.Equal(["1.1", "1.2"], await StudiesAsync(f, Key(DicomTags.StudyDate, "20200101-20200131")));
        Assert.Equal(["1.3"], await StudiesAsync(f, Key(DicomTags.StudyDate, "-20191231")));
        Assert.Equal(["1.2"], await StudiesAsync(f, Key(DicomTags.StudyDate, "20200120-")));
        Assert.Equal(["1.1"], await StudiesAsync(f, Key(DicomTags.StudyDate, "20200115")));
    }

    [Fact]
    public async Task TimeRangesCompareNormalisedTimes()
    {
        await using var f = await SeedAsync();
        Assert.Equal(["1.1"], await StudiesAsync(f, Key(DicomTags.StudyTime, "1000-1200")));

        // "13" as an upper bound means up to 13:59:59.999999, so 13:45 is inside.
        Assert.Equal(["1.1", "1.2"], await StudiesAsync(f, Key(DicomTags.StudyTime, "11-13")));
        Assert.Equal(["1.3"], await StudiesAsync(f, Key(DicomTags.StudyTime, "1400-")));
    }

    [Fact]
    public async Task UniversalMatchingReturnsEverything()
    {
        await using var f = await SeedAsync();
        Assert.Equal(["1.1", "1.2", "1.3"], await StudiesAsync(f, Key(DicomTags.PatientName, string.Empty)));
        Assert.Equal(["1.1", "1.2", "1.3"], await StudiesAsync(f, Key(DicomTags.PatientName, "*")));
    }

    [Fact]
    public async Task FuzzyMatchingFindsNameComponentPrefixes()
    {
        await using var f = await SeedAsync();
        var key = Key(DicomTags.PatientName, "joh");
        Assert.Empty(await StudiesAsync(f, key));
        Assert.Equal(["1.1"], await StudiesAsync(f, key, fuzzy: true));
        Assert.Equal(["1.2"], await StudiesAsync(f, Key(DicomTags.PatientName, "smi"), fuzzy: true));
    }

    [Fact]
    public async Task StudyQueryOnSeriesAttributeMatchesAnySeries()
    {
        await using var f = await SeedAsync();
        Assert.Equal(["1.2"], await StudiesAsync(f, Key(DicomTags.ModalitiesInStudy, "MR")));
        Assert.Equal(["1.1", "1.2"], await StudiesAsync(f, Key(DicomTags.Modality, "CT")));
        Assert.Equal(["1.1", "1.2", "1.3"], await StudiesAsync(f, Key(DicomTags.ModalitiesInStudy, "CT,MR,US")));
        Assert.Equal(["1.3"], await StudiesAsync(f, Key(DicomTags.SOPInstanceUID, "1.3.1.1")));
    }

    [Fact]
    public async Task SeriesQueryMatchesPatientAndStudyAttributes()
    {
        await using var f = await SeedAsync();
        var rows = await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Series) { Keys = [Key(DicomTags.PatientName, "SMITH*")] }, Ct);
        Assert.Equal(["1.2.1", "1.2.2"], rows.Select(r => r.SeriesInstanceUid));
        rows = await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Instance) { Keys = [Key(DicomTags.StudyInstanceUID, "1.2"), Key(DicomTags.Modality, "MR")] }, Ct);
        Assert.Equal(["1.2.2.1"], rows.Select(r => r.SopInstanceUid));
    }

    [Fact]
    public async Task LimitAndOffsetPage()
    {
        await using var f = await SeedAsync();
        var rows = await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Study) { Limit = 2, Offset = 1 }, Ct);
        Assert.Equal(["1.2", "1.3"], rows.Select(r => r.StudyInstanceUid));
        rows = await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Study) { Limit = 1 }, Ct);
        Assert.Equal(["1.1"], rows.Select(r => r.StudyInstanceUid));
    }

    [Fact]
    public async Task CountsAndModalitiesAreKept()
    {
        await using var f = await SeedAsync();
        var study = Assert.Single(await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Study) { Keys = [Key(DicomTags.StudyInstanceUID, "1.2")] }, Ct));
        Assert.Equal(2, study.StudyRelatedSeries);
        Assert.Equal(3, study.StudyRelatedInstances);
        Assert.Equal("CT\\MR", study.ModalitiesInStudy);
        var series = await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Series) { Keys = [Key(DicomTags.StudyInstanceUID, "1.2")] }, Ct);
        Assert.Equal([2, 1], series.Select(s => s.SeriesRelatedInstances ?? -1));
    }

    internal static QueryKey Key(DicomTag tag, string value) =>
        new(tag, MatchConditionParser.Parse(DicomDictionary.Default.DefaultVR(tag), value, [',', '\\']));

    [Fact]
    public async Task ALaterCommitWithChangedStudyValuesUpdatesTheStudyAndOneWithTheSameValuesKeepsIt()
    {
        await using var f = await RegistryFixture.CreateAsync(Postgres);

        // Separate transactions, so the second and third find the study row already there.
        await CommitAsync(f, TestDatasets.Dataset("5.1", study: "5", series: "5.0", accession: "OLD"));
        await CommitAsync(f, TestDatasets.Dataset("5.2", study: "5", series: "5.0", accession: "NEW", patientName: "DOE^JOHNNY"));
        await CommitAsync(f, TestDatasets.Dataset("5.3", study: "5", series: "5.0", accession: "NEW", patientName: "DOE^JOHNNY"));

        Assert.Equal(["5"], await StudiesAsync(f, Key(DicomTags.AccessionNumber, "NEW")));
        Assert.Empty(await StudiesAsync(f, Key(DicomTags.AccessionNumber, "OLD")));
        Assert.Equal(["5"], await StudiesAsync(f, Key(DicomTags.PatientName, "DOE^JOHNNY")));
        var study = Assert.Single(await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Study), Ct));
        Assert.Equal((1, 3), (study.StudyRelatedSeries, study.StudyRelatedInstances));
        Assert.Contains("NEW", study.StudyJson, StringComparison.Ordinal);
    }

    private static async Task<string[]> StudiesAsync(RegistryFixture f, QueryKey key, bool fuzzy = false)
    {
        var rows = await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Study) { Keys = [key], FuzzyMatching = fuzzy }, Ct);
        return [.. rows.Select(r => r.StudyInstanceUid!)];
    }

    private static async Task CommitAsync(RegistryFixture f, params DicomDataset[] datasets) =>
        await f.Registry.CommitAsync([.. datasets.Select(d => TestRecords.Record(d))], DuplicatePolicy.Reject, Ct);

    /// <summary>Three studies: DOE^JOHN (CT, 2020-01-15 11:30), SMITH^ANNA (CT+MR, 2020-01-20 13:45), DOE^JANE (US, 2019-06-01 15:00).</summary>
    private async Task<RegistryFixture> SeedAsync()
    {
        var f = await RegistryFixture.CreateAsync(Postgres);
        await CommitAsync(
            f,
            TestDatasets.Dataset("1.1.1.1", study: "1.1", series: "1.1.1", patientName: "DOE^JOHN", patientId: "PID1", accession: "A1", studyDate: "20200115", studyTime: "113000"),
            TestDatasets.Dataset("1.2.1.1", study: "1.2", series: "1.2.1", patientName: "Smith^Anna", patientId: "PID2", accession: "A2", studyDate: "20200120", studyTime: "134500"),
            TestDatasets.Dataset("1.2.1.2", study: "1.2", series: "1.2.1", patientName: "Smith^Anna", patientId: "PID2", accession: "A2", studyDate: "20200120", studyTime: "134500", instanceNumber: "2"),
            TestDatasets.Dataset("1.2.2.1", study: "1.2", series: "1.2.2", patientName: "Smith^Anna", patientId: "PID2", accession: "A2", modality: "MR", studyDate: "20200120", studyTime: "134500"),
            TestDatasets.Dataset("1.3.1.1", study: "1.3", series: "1.3.1", patientName: "DOE^JANE", patientId: "PID3", accession: "A3", modality: "US", studyDate: "20190601", studyTime: "150000"));
        return f;
    }
}

/// <summary>The matching rules on the embedded SQLite registry.</summary>
public sealed class SqliteQueryMatchingTests : QueryMatchingTests;

/// <summary>The same rules on PostgreSQL: one SQL compiler must give the same answers on both.</summary>
public sealed class PostgresQueryMatchingTests(PostgresCluster cluster) : QueryMatchingTests
{
    protected override PostgresCluster? Postgres => cluster;
}
