using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Registry.Postgres;
using DicomHub.Archive.Tests.Query;
using DicomHub.Archive.Tests.Support;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Registry;

/// <summary>
/// What only a shared PostgreSQL registry has to get right: several servers writing to, and starting on, one
/// database at once, and data that breaks the VR length limits SQLite never enforced.
/// </summary>
public sealed class PostgresRegistryTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_servers_storing_overlapping_instances_of_the_same_studies_at_once_index_each_instance_once()
    {
        var database = await cluster.CreateDatabaseAsync(Ct);
        using var first = new PostgresRegistry(database);
        using var second = new PostgresRegistry(database);
        await first.InitializeAsync(Ct);

        // Each round: both servers commit a batch of one new study at the same moment, sharing five instances.
        // Without a lock across servers both would insert the study row (a unique violation) or count twice.
        const int rounds = 10;
        var outcomes = new List<CommitOutcome>();
        for (var round = 0; round < rounds; round++)
        {
            var study = $"7.{round}";
            var fromFirst = Batch(study, 1, 10);
            var fromSecond = Batch(study, 6, 15);
            var results = await Task.WhenAll(
                Task.Run(() => first.CommitAsync(fromFirst, DuplicatePolicy.Reject, Ct), Ct),
                Task.Run(() => second.CommitAsync(fromSecond, DuplicatePolicy.Reject, Ct), Ct));
            outcomes.AddRange(results.SelectMany(r => r).Select(r => r.Outcome));
        }

        Assert.Equal(rounds * 15, outcomes.Count(o => o == CommitOutcome.Inserted));
        Assert.Equal(rounds * 5, outcomes.Count(o => o == CommitOutcome.DuplicateRejected));
        var studies = await second.QueryAsync(new QueryRequest(QueryLevel.Study), Ct);
        Assert.Equal(rounds, studies.Count);
        Assert.All(studies, s => Assert.Equal((1, 15), (s.StudyRelatedSeries, s.StudyRelatedInstances)));
        Assert.Single(await first.QueryAsync(new QueryRequest(QueryLevel.Patient), Ct));
        Assert.Equal(15, (await first.ResolveAsync(new InstanceScope("7.3"), Ct)).Count);
    }

    [Fact]
    public async Task Servers_starting_together_on_an_empty_database_create_the_schema_once()
    {
        var database = await cluster.CreateDatabaseAsync(Ct);
        var registries = Enumerable.Range(0, 4).Select(_ => new PostgresRegistry(database)).ToArray();
        try
        {
            await Task.WhenAll(registries.Select(r => Task.Run(() => r.InitializeAsync(Ct), Ct)));

            Assert.All(await Task.WhenAll(registries.Select(r => r.IsReadyAsync(Ct))), Assert.True);
            await registries[0].CommitAsync([TestRecords.Record(TestDatasets.Dataset("8.1", study: "8"))], DuplicatePolicy.Reject, Ct);
            Assert.True(await registries[3].ContainsInstanceAsync("8.1", Ct));

            // A restart finds the schema current and changes nothing.
            await registries[1].InitializeAsync(Ct);
            Assert.True(await registries[2].ContainsInstanceAsync("8.1", Ct));
        }
        finally
        {
            foreach (var registry in registries)
            {
                registry.Dispose();
            }
        }
    }

    [Fact]
    public async Task Values_longer_than_their_VR_allows_are_stored_and_matched()
    {
        await using var f = await RegistryFixture.CreateAsync(cluster);
        var description = "CT THORAX ABDOMEN PELVIS WITH CONTRAST, FOLLOW-UP AFTER CHEMOTHERAPY CYCLE 3 OF 6 (ONCOLOGY)";
        Assert.True(description.Length > 64);
        var dataset = TestDatasets.Dataset("9.1", study: "9", accession: new string('A', 40));
        dataset.AddOrUpdate(DicomTags.StudyDescription, DicomVR.LO, description);

        var result = Assert.Single(await f.Registry.CommitAsync([TestRecords.Record(dataset)], DuplicatePolicy.Reject, Ct));

        Assert.Equal(CommitOutcome.Inserted, result.Outcome);
        var rows = await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Study) { Keys = [QueryMatchingTests.Key(DicomTags.StudyDescription, "*CHEMOTHERAPY*")] }, Ct);
        Assert.Contains(description, Assert.Single(rows).StudyJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_with_a_NUL_character_is_stored_without_it_and_does_not_fail_the_batch()
    {
        await using var f = await RegistryFixture.CreateAsync(cluster);
        var broken = TestDatasets.Dataset("9.2", study: "9", patientId: "PID\0X");
        broken.AddOrUpdate(DicomTags.StudyDescription, DicomVR.LO, "HEAD\0CT");

        var results = await f.Registry.CommitAsync([TestRecords.Record(broken), TestRecords.Record(TestDatasets.Dataset("9.3", study: "9"))], DuplicatePolicy.Reject, Ct);

        Assert.All(results, r => Assert.Equal(CommitOutcome.Inserted, r.Outcome));
        Assert.Single(await f.Registry.QueryAsync(new QueryRequest(QueryLevel.Study) { Keys = [QueryMatchingTests.Key(DicomTags.StudyDescription, "HEAD*CT")] }, Ct));
    }

    [Fact]
    public async Task An_unreachable_server_makes_the_registry_not_ready_instead_of_throwing()
    {
        using var registry = new PostgresRegistry($"Host=127.0.0.1;Port={FreePort.Next()};Username=nobody;Database=none;Timeout=5");

        Assert.False(await registry.IsReadyAsync(Ct));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => registry.InitializeAsync(Ct));
    }

    private static InstanceRecord[] Batch(string study, int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(n => TestRecords.Record(TestDatasets.Dataset($"{study}.1.{n}", study: study, series: $"{study}.1", instanceNumber: $"{n}")))];
}
