using System.Globalization;
using System.Text;
using DicomHub.Archive.Query;

namespace DicomHub.Archive.Registry.Sql;

/// <summary>
/// Compiles a <see cref="QueryRequest"/> into one SELECT. Keys of the query level or above become
/// conditions on the joined tables; keys of a lower level become EXISTS sub-queries ("a study with any CT
/// series"). Every value is a parameter. Text comparisons rely on LIKE being case-sensitive (SQLite needs
/// PRAGMA case_sensitive_like; PostgreSQL's LIKE is); PN keys compare against an upper-cased column.
/// </summary>
public static class QuerySqlBuilder
{
    private static readonly LevelTable[] Tables =
    [
        new(QueryLevel.Patient, "patients", "p", null),
        new(QueryLevel.Study, "studies", "st", "patient_fk"),
        new(QueryLevel.Series, "series", "se", "study_fk"),
        new(QueryLevel.Instance, "instances", "i", "series_fk"),
    ];

    public static bool CanMatch(QueryKey key) => key.Condition is UniversalMatch || IndexedAttributes.Find(key.Tag) is not null;

    public static SqlStatement Build(QueryRequest request, int maxResults)
    {
        var context = new BuildContext();
        var level = request.Level;
        var sql = new StringBuilder();
        sql.Append("SELECT ").Append(SelectList(level)).Append(" FROM ").Append(FromClause(level));

        var conditions = new List<string>();
        foreach (var key in request.Keys)
        {
            if (key.Condition is UniversalMatch || IndexedAttributes.Find(key.Tag) is not { } attribute)
            {
                continue;
            }

            if (attribute.Level <= level)
            {
                conditions.Add(Condition(attribute, key.Condition, Table(attribute.Level).Alias, request.FuzzyMatching, context));
            }
            else
            {
                conditions.Add(Exists(attribute, key.Condition, level, request.FuzzyMatching, context));
            }
        }

        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").Append(string.Join(" AND ", conditions));
        }

        var limit = Math.Clamp(request.Limit ?? maxResults, 0, maxResults);
        sql.Append(" ORDER BY ").Append(Table(level).Alias).Append(".id");
        sql.Append(" LIMIT ").Append(context.Add(limit)).Append(" OFFSET ").Append(context.Add(Math.Max(0, request.Offset)));
        return new SqlStatement(sql.ToString(), context.Parameters);
    }

    private static string SelectList(QueryLevel level)
    {
        var study = level >= QueryLevel.Study;
        var series = level >= QueryLevel.Series;
        var instance = level >= QueryLevel.Instance;
        return string.Join(", ",
            study ? "st.study_uid" : "NULL",
            series ? "se.series_uid" : "NULL",
            instance ? "i.sop_uid" : "NULL",
            "p.attributes_json",
            study ? "st.attributes_json" : "NULL",
            series ? "se.attributes_json" : "NULL",
            instance ? "i.metadata_json" : "NULL",
            study ? "st.num_series" : "NULL",
            study ? "st.num_instances" : "NULL",
            study ? "st.modalities" : "NULL",
            series ? "se.num_instances" : "NULL");
    }

    private static string FromClause(QueryLevel level)
    {
        var from = new StringBuilder();
        var current = Table(level);
        from.Append(current.Name).Append(' ').Append(current.Alias);
        while (current.ParentColumn is { } parentColumn)
        {
            var parent = Table(current.Level - 1);
            from.Append(" JOIN ").Append(parent.Name).Append(' ').Append(parent.Alias)
                .Append(" ON ").Append(parent.Alias).Append(".id = ").Append(current.Alias).Append('.').Append(parentColumn);
            current = parent;
        }

        return from.ToString();
    }

    /// <summary>EXISTS (a descendant at the key's level, linked up to the query level's row, matches).</summary>
    private static string Exists(IndexedAttribute attribute, MatchCondition condition, QueryLevel level, bool fuzzy, BuildContext context)
    {
        var prefix = context.NextAliasPrefix();
        var sql = new StringBuilder("EXISTS (SELECT 1 FROM ");
        var current = Table(attribute.Level);
        sql.Append(current.Name).Append(' ').Append(prefix).Append(current.Alias);
        while (current.Level - 1 > level)
        {
            var parent = Table(current.Level - 1);
            sql.Append(" JOIN ").Append(parent.Name).Append(' ').Append(prefix).Append(parent.Alias)
                .Append(" ON ").Append(prefix).Append(parent.Alias).Append(".id = ").Append(prefix).Append(current.Alias).Append('.').Append(current.ParentColumn);
            current = parent;
        }

        sql.Append(" WHERE ").Append(prefix).Append(current.Alias).Append('.').Append(current.ParentColumn)
            .Append(" = ").Append(Table(level).Alias).Append(".id AND ")
            .Append(Condition(attribute, condition, prefix + Table(attribute.Level).Alias, fuzzy, context)).Append(')');
        return sql.ToString();
    }

    private static string Condition(IndexedAttribute attribute, MatchCondition condition, string alias, bool fuzzy, BuildContext context)
    {
        var isName = attribute.Kind == ColumnKind.PersonName;
        var column = $"{alias}.{(isName ? attribute.NormalizedColumn : attribute.Column)}";
        string Value(string v) => attribute.Kind switch
        {
            ColumnKind.PersonName => PersonNameKey.Normalize(v),
            ColumnKind.Time => TimeValue.Normalize(v),
            _ => v,
        };

        switch (condition)
        {
            case SingleValueMatch single when isName && fuzzy:
                return FuzzyName(column, PersonNameKey.Normalize(single.Value), context);
            case SingleValueMatch single:
                return $"{column} = {context.Add(Value(single.Value))}";
            case ListMatch list:
                return $"{column} IN ({string.Join(", ", list.Values.Select(v => context.Add(Value(v))))})";
            case WildcardMatch wildcard:
                var pattern = isName ? wildcard.Pattern.ToUpperInvariant() : wildcard.Pattern;
                return $"{column} LIKE {context.Add(LikePattern(pattern))} ESCAPE '\\'";
            case RangeMatch range:
                var parts = new List<string> { $"{column} <> ''" };
                if (range.Lower is { } lower)
                {
                    parts.Add($"{column} >= {context.Add(attribute.Kind == ColumnKind.Time ? TimeValue.LowerBound(lower) : lower)}");
                }

                if (range.Upper is { } upper)
                {
                    parts.Add($"{column} <= {context.Add(attribute.Kind == ColumnKind.Time ? TimeValue.UpperBound(upper) : upper)}");
                }

                return "(" + string.Join(" AND ", parts) + ")";
            default:
                throw new ArgumentOutOfRangeException(nameof(condition), condition, "Unknown match condition.");
        }
    }

    /// <summary>Fuzzy PN: the value starts any name component, in any group ("joh" finds "DOE^JOHN").</summary>
    private static string FuzzyName(string column, string value, BuildContext context)
    {
        var escaped = EscapeLike(value);
        var starts = context.Add(escaped + "%");
        var component = context.Add("%^" + escaped + "%");
        var word = context.Add("% " + escaped + "%");
        var group = context.Add("%=" + escaped + "%");
        return $"({column} LIKE {starts} ESCAPE '\\' OR {column} LIKE {component} ESCAPE '\\' OR {column} LIKE {word} ESCAPE '\\' OR {column} LIKE {group} ESCAPE '\\')";
    }

    /// <summary>DICOM wildcards to LIKE: * → %, ? → _, and LIKE's own metacharacters escaped.</summary>
    internal static string LikePattern(string dicomPattern)
    {
        var builder = new StringBuilder(dicomPattern.Length + 4);
        foreach (var c in dicomPattern)
        {
            builder.Append(c switch
            {
                '*' => "%",
                '?' => "_",
                '%' or '_' or '\\' => "\\" + c,
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static LevelTable Table(QueryLevel level) => Tables[(int)level];

    private sealed record LevelTable(QueryLevel Level, string Name, string Alias, string? ParentColumn);

    private sealed class BuildContext
    {
        private int _aliases;

        public List<KeyValuePair<string, object>> Parameters { get; } = [];

        public string Add(object value)
        {
            var name = "@p" + Parameters.Count.ToString(CultureInfo.InvariantCulture);
            Parameters.Add(new(name, value));
            return name;
        }

        public string NextAliasPrefix() => "x" + (_aliases++).ToString(CultureInfo.InvariantCulture) + "_";
    }
}
