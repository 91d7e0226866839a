using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Registry;

/// <summary>How one commit decides duplicates and keeps counts, on each registry database (the classes at the end).</summary>
public abstract class RegistryCommitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The PostgreSQL cluster to run against; null for SQLite.</summary>
    protected virtual PostgresCluster? Postgres => null;

    [Fact]
    public async Task The_same_instance_twice_in_one_commit_is_a_duplicate_of_itself()
    {
        await using var f = await RegistryFixture.CreateAsync(Postgres);
        var first = TestRecords.Record(TestDatasets.Dataset("1.1", study: "1", series: "1.0"), "a/first.dcm");
        var again = TestRecords.Record(TestDatasets.Dataset("1.1", study: "1", series: "1.0"), "a/again.dcm");

        var rejected = await f.Registry.CommitAsync([first, again], DuplicatePolicy.Reject, Ct);
        var replaced = await f.Registry.CommitAsync(
            [TestRecords.Record(TestDatasets.Dataset("2.1", study: "2", series: "2.0"), "b/first.dcm"), TestRecords.Record(TestDatasets.Dataset("2.1", study: "2", series: "2.0"), "b/again.dcm")],
            DuplicatePolicy.Overwrite, Ct);

        Assert.Equal([CommitOutcome.Inserted, CommitOutcome.DuplicateRejected], rejected.Select(r => r.Outcome));
        Assert.Equal("a/first.dcm", Assert.Single(await f.Registry.ResolveAsync(new InstanceScope("1"), Ct)).BlobKey);
        Assert.Equal([CommitOutcome.Inserted, CommitOutcome.Replaced], replaced.Select(r => r.Outcome));
        Assert.Equal("b/first.dcm", replaced[1].ReplacedBlobKey);
        Assert.Equal("b/again.dcm", Assert.Single(await f.Registry.ResolveAsync(new InstanceScope("2"), Ct)).BlobKey);
        var studies = await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Study), Ct);
        Assert.All(studies, s => Assert.Equal((1, 1), (s.StudyRelatedSeries, s.StudyRelatedInstances)));
    }

    [Fact]
    public async Task An_overwrite_that_moves_an_instance_to_another_series_moves_its_count()
    {
        await using var f = await RegistryFixture.CreateAsync(Postgres);
        await f.Registry.CommitAsync(
            [TestRecords.Record(TestDatasets.Dataset("3.1", study: "3", series: "3.a")), TestRecords.Record(TestDatasets.Dataset("3.2", study: "3", series: "3.a"))],
            DuplicatePolicy.Reject, Ct);

        var moved = await f.Registry.CommitAsync([TestRecords.Record(TestDatasets.Dataset("3.2", study: "3", series: "3.b"))], DuplicatePolicy.Overwrite, Ct);

        Assert.Equal(CommitOutcome.Replaced, Assert.Single(moved).Outcome);
        var series = await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Series), Ct);
        Assert.Equal([("3.a", 1), ("3.b", 1)], series.Select(s => (s.SeriesInstanceUid!, s.SeriesRelatedInstances ?? -1)).Order());
        var study = Assert.Single(await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Study), Ct));
        Assert.Equal((2, 2), (study.StudyRelatedSeries, study.StudyRelatedInstances));
    }

    [Fact]
    public async Task A_follow_up_is_recorded_with_the_commit_that_stores_its_instance_and_removed_with_a_later_one()
    {
        await using var f = await RegistryFixture.CreateAsync(Postgres);
        var origin = new IngestOrigin("Dimse", "MODALITY1");
        var record = TestRecords.Record(TestDatasets.Dataset("5.1", study: "5", series: "5.0", modality: "MR")) with { FollowUpFrom = origin };

        var first = await f.Registry.CommitAsync([record, record], DuplicatePolicy.Reject, Ct);

        Assert.NotNull(first[0].FollowUpId);
        Assert.Null(first[1].FollowUpId); // a refused duplicate owes nothing
        var owed = Assert.Single(await f.Registry.ReadFollowUpsAsync(Ct).ToListAsync(Ct));
        Assert.Equal(new FollowUp(first[0].FollowUpId!.Value, "5", "5.0", "5.1", TestDatasets.CtImageStorage, "MR", origin), owed);

        var later = TestRecords.Record(TestDatasets.Dataset("5.2", study: "5", series: "5.0"));
        await f.Registry.CommitAsync([later], DuplicatePolicy.Reject, [owed.Id], Ct);

        Assert.Empty(await f.Registry.ReadFollowUpsAsync(Ct).ToListAsync(Ct));
        Assert.Equal(2, (await f.Registry.ResolveAsync(new InstanceScope("5"), Ct)).Count);
    }

    [Fact]
    public async Task A_commit_larger_than_one_lookup_finds_every_stored_instance()
    {
        await using var f = await RegistryFixture.CreateAsync(Postgres);
        InstanceRecord Record(int n) => TestRecords.Record(TestDatasets.Dataset($"4.{n}", study: "4", series: "4.1", instanceNumber: $"{n}"));
        await f.Registry.CommitAsync([.. new[] { 3, 499, 500, 501, 1199 }.Select(Record)], DuplicatePolicy.Reject, Ct);

        var results = await f.Registry.CommitAsync([.. Enumerable.Range(0, 1200).Select(Record)], DuplicatePolicy.Reject, Ct);

        Assert.Equal([3, 499, 500, 501, 1199], results.Select((r, n) => (r, n)).Where(x => x.r.Outcome == CommitOutcome.DuplicateRejected).Select(x => x.n));
        Assert.Equal(1200, (await f.Registry.ResolveAsync(new InstanceScope("4"), Ct)).Count);
        Assert.Equal(1200, Assert.Single(await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Study), Ct)).StudyRelatedInstances);
    }
}

/// <summary>Commits on the embedded SQLite registry.</summary>
public sealed class SqliteRegistryCommitTests : RegistryCommitTests;

/// <summary>The same commits on PostgreSQL.</summary>
public sealed class PostgresRegistryCommitTests(PostgresCluster cluster) : RegistryCommitTests
{
    protected override PostgresCluster? Postgres => cluster;
}
