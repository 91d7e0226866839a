using DicomHub.Testing;

// One PostgreSQL cluster for the assembly, started by the first test that asks for a database.
[assembly: AssemblyFixture(typeof(PostgresCluster))]
