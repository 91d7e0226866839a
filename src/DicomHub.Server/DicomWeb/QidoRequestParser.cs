using System.Globalization;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry.Sql;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using Microsoft.AspNetCore.Http;

namespace DicomHub.Server.DicomWeb;

/// <summary>A QIDO-RS request that cannot be answered, with the reason for a 400.</summary>
internal sealed class QidoRequestException(string message) : Exception(message);

/// <summary>
/// Turns QIDO-RS query parameters (PS3.18 8.3.4) into the archive's <see cref="QueryRequest"/>: attribute
/// keys by keyword or tag, includefield, fuzzymatching, limit and offset; the study/series in the path
/// become UID keys. Keys the registry cannot match on are returned, not matched, and reported as warnings.
/// </summary>
internal static class QidoRequestParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "includefield", "fuzzymatching", "limit", "offset", "emptyvaluematching", "multiplevaluematching", "charset",
    };

    public static QueryRequest Parse(IQueryCollection query, QueryLevel level, string? study, string? series, List<string> warnings)
    {
        var keys = new List<QueryKey>();
        var include = new List<DicomTag>();
        var includeAll = false;
        foreach (var (name, values) in query)
        {
            if (name.Length == 0 || Reserved.Contains(name))
            {
                continue;
            }

            if (name.Contains('.', StringComparison.Ordinal))
            {
                warnings.Add($"Sequence matching ({name}) is not supported; the key was ignored.");
                continue;
            }

            var tag = ParseAttribute(name);
            var vr = DicomDictionary.Default.DefaultVR(tag);
            var condition = MatchConditionParser.Parse(vr, values.ToString(), vr == DicomVR.UI ? [',', '\\'] : ['\\']);
            var key = new QueryKey(tag, condition);
            if (!QuerySqlBuilder.CanMatch(key))
            {
                warnings.Add($"{DicomDictionary.Default.KeywordOf(tag)} ({tag.ToHexString()}) is not indexed; it was returned but not used for matching.");
                include.Add(tag);
                continue;
            }

            keys.Add(key);
        }

        foreach (var field in query["includefield"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (field.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                includeAll = true;
            }
            else
            {
                include.Add(ParseAttribute(field));
            }
        }

        if (study is not null)
        {
            keys.Add(new QueryKey(DicomTags.StudyInstanceUID, new SingleValueMatch(study)));
        }
        else if (level > QueryLevel.Study)
        {
            // Not scoped by a study: each result carries its study's identifying attributes too.
            include.AddRange(IndexedAttributes.RequiredReturnKeys(QueryLevel.Study).Where(t => t != DicomTags.RetrieveURL && t != DicomTags.NumberOfStudyRelatedSeries && t != DicomTags.NumberOfStudyRelatedInstances && t != DicomTags.ModalitiesInStudy));
        }

        if (series is not null)
        {
            keys.Add(new QueryKey(DicomTags.SeriesInstanceUID, new SingleValueMatch(series)));
        }
        else if (level > QueryLevel.Series)
        {
            include.AddRange([DicomTags.Modality, DicomTags.SeriesNumber, DicomTags.SeriesInstanceUID]);
        }

        var fuzzy = query["fuzzymatching"].ToString();
        return new QueryRequest(level)
        {
            Keys = keys,
            IncludeFields = include,
            IncludeAllFields = includeAll,
            FuzzyMatching = fuzzy.Equals("true", StringComparison.OrdinalIgnoreCase),
            Limit = Number(query, "limit"),
            Offset = Number(query, "offset") ?? 0,
        };
    }

    private static DicomTag ParseAttribute(string name) =>
        DicomDictionary.Default.TryParseTag(name, out var tag) ? tag
        : throw new QidoRequestException($"'{name}' is not a DICOM attribute: use a keyword such as PatientName or a tag such as 00100010.");

    private static int? Number(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
            : throw new QidoRequestException($"{name}={text} is not a non-negative whole number.");
    }
}
