namespace DicomHub.Archive.Registry.Sql;

/// <summary>SQL text with named parameters (@p0, @p1...), portable across SQLite and PostgreSQL.</summary>
public sealed record SqlStatement(string Text, IReadOnlyList<KeyValuePair<string, object>> Parameters);
