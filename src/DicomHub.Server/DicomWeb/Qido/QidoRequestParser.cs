using System.Globalization;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry.Sql;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using Microsoft.AspNetCore.Http;

namespace DicomHub.Server.DicomWeb.Qido;

/// <summary>A QIDO-RS request that cannot be answered, with the reason for a 400.</summary>
internal sealed class QidoRequestException(string message) : Exception(message);

/// <summary>A parsed QIDO-RS request: the registry query, and the sequence keys to apply to its rows.</summary>
internal sealed record QidoQuery(QueryRequest Request, IReadOnlyList<SequenceKey> SequenceKeys);

/// <summary>
/// Turns QIDO-RS query parameters (PS3.18 8.3.4) into the archive's <see cref="QueryRequest"/>: attribute
/// keys by keyword or tag, sequence keys as Sequence.Attribute (one level, every key of one sequence on the
/// same item, PS3.4 C.2.2.2.6), includefield, fuzzymatching, limit and offset; the study/series in the path
/// become UID keys. Keys the archive cannot match on are returned, not matched, and reported as warnings.
/// </summary>
internal static class QidoRequestParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "includefield", "fuzzymatching", "limit", "offset", "emptyvaluematching", "multiplevaluematching", "charset",
    };

    public static QidoQuery Parse(IQueryCollection query, QueryLevel level, string? study, string? series, List<string> warnings)
    {
        var keys = new List<QueryKey>();
        var include = new List<DicomTag>();
        var sequenceItems = new Dictionary<DicomTag, List<SequenceItemKey>>();
        var includeAll = false;
        foreach (var (name, values) in query)
        {
            if (name.Length == 0 || Reserved.Contains(name))
            {
                continue;
            }

            if (name.Contains('.', StringComparison.Ordinal))
            {
                AddSequenceKey(name, values.ToString(), level, sequenceItems, include, warnings);
                continue;
            }

            var tag = ParseAttribute(name);
            var vr = DicomDictionary.Default.DefaultVR(tag);
            var condition = MatchConditionParser.Parse(vr, values.ToString(), vr == DicomVR.UI ? [',', '\\'] : ['\\']);
            CheckTemporal(name, values.ToString(), vr, tag, condition);
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
        var request = new QueryRequest(level)
        {
            Keys = keys,
            IncludeFields = include,
            IncludeAllFields = includeAll,
            FuzzyMatching = fuzzy.Equals("true", StringComparison.OrdinalIgnoreCase),
            Limit = Number(query, "limit"),
            Offset = Number(query, "offset") ?? 0,
        };

        // A sequence whose item keys are all universal matches everything: returned, not matched.
        return new QidoQuery(request, [.. sequenceItems.Where(s => s.Value.Count > 0).Select(s => new SequenceKey(s.Key, s.Value))]);
    }

    /// <summary>Sequence.Attribute=value: an item key of that sequence's one key item, or a warning saying why not.</summary>
    private static void AddSequenceKey(string name, string value, QueryLevel level, Dictionary<DicomTag, List<SequenceItemKey>> sequenceItems, List<DicomTag> include, List<string> warnings)
    {
        var path = name.Split('.');
        var sequence = ParseAttribute(path[0]);
        if (DicomDictionary.Default.DefaultVR(sequence) != DicomVR.SQ)
        {
            throw new QidoRequestException($"'{name}': {path[0]} is not a sequence, so it cannot be followed by '.'; write {path[0]}=value.");
        }

        include.Add(sequence);
        var tooDeep = $"Sequence matching deeper than one item level ({name}) is not supported; the key was returned but not used for matching.";
        if (path.Length != 2)
        {
            warnings.Add(tooDeep);
            return;
        }

        var belowQueryLevel = level == QueryLevel.Study && IndexedAttributes.SeriesLevelTags.Contains(sequence);
        if (!IndexedAttributes.IsStoredSequence(sequence) || belowQueryLevel)
        {
            warnings.Add($"{path[0]} is not kept at the {level.ToString().ToLowerInvariant()} level; it was returned but not used for matching.");
            return;
        }

        var itemTag = ParseAttribute(path[1]);
        var itemVr = DicomDictionary.Default.DefaultVR(itemTag);
        if (itemVr == DicomVR.SQ)
        {
            warnings.Add(tooDeep);
            return;
        }

        if (!sequenceItems.TryGetValue(sequence, out var items))
        {
            sequenceItems[sequence] = items = [];
        }

        var condition = MatchConditionParser.Parse(itemVr, value, itemVr == DicomVR.UI ? [',', '\\'] : ['\\']);
        CheckTemporal(name, value, itemVr, itemTag, condition);
        if (condition is not UniversalMatch)
        {
            items.Add(new SequenceItemKey(itemTag, itemVr, condition));
        }
    }

    /// <summary>A malformed date, time or date-time is refused (400) as C-FIND refuses it (C000), never matched as nothing.</summary>
    private static void CheckTemporal(string name, string text, DicomVR vr, DicomTag tag, MatchCondition condition)
    {
        try
        {
            CFindIdentifier.CheckTemporalValues(vr, tag, condition);
        }
        catch (QueryIdentifierException e)
        {
            throw new QidoRequestException($"{name}={text}: {e.Message}.");
        }
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
