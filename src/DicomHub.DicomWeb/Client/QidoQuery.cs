using System.Globalization;
using System.Text;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.DicomWeb.Client;

public enum QueryLevel
{
    Study,
    Series,
    Instance,
}

/// <summary>
/// A QIDO-RS search (PS3.18 10.6): the level, optional parent UIDs, matching keys (keyword or tag = value, with
/// PS3.4 C.2.2.2 rules: wildcards, ranges, UID lists), includefield, limit, offset and fuzzy matching.
/// </summary>
public sealed class QidoQuery
{
    public QueryLevel Level { get; init; } = QueryLevel.Study;

    /// <summary>Search within one study (/studies/{uid}/series or /studies/{uid}/instances).</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Search within one series (/studies/{uid}/series/{uid}/instances); needs the study.</summary>
    public string? SeriesInstanceUid { get; init; }

    /// <summary>Matching keys in order: keyword or 8-hex tag (dotted paths for sequences) and the value to match.</summary>
    public IList<KeyValuePair<string, string>> Keys { get; init; } = [];

    /// <summary>Attributes to return besides the required ones; "all" returns everything.</summary>
    public IList<string> IncludeFields { get; init; } = [];

    public int? Limit { get; init; }

    public int? Offset { get; init; }

    public bool FuzzyMatching { get; init; }

    /// <summary>Parses "Keyword=Value" (or "00100020=Value"), checking that the attribute exists.</summary>
    public static KeyValuePair<string, string> ParseKey(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"'{text}' is not a query key: write Keyword=Value, e.g. PatientID=12345 or StudyDate=20240101-20241231.");
        }

        var attribute = text[..equals].Trim();
        foreach (var step in attribute.Split('.'))
        {
            if (!DicomDictionary.Default.TryParseTag(step, out _))
            {
                throw new FormatException($"'{step}' in query key '{text}' is neither a DICOM keyword (e.g. PatientName) nor a tag in hex (e.g. 00100010).");
            }
        }

        return new(attribute, text[(equals + 1)..]);
    }

    /// <summary>The resource path under the service root, e.g. "studies/1.2.3/series".</summary>
    public string ResourcePath()
    {
        if (SeriesInstanceUid is not null && StudyInstanceUid is null)
        {
            throw new ArgumentException("A QIDO-RS search within a series needs its study: set StudyInstanceUid too.");
        }

        var path = new StringBuilder();
        if (StudyInstanceUid is not null && Level != QueryLevel.Study)
        {
            path.Append("studies/").Append(Uri.EscapeDataString(StudyInstanceUid)).Append('/');
            if (SeriesInstanceUid is not null && Level == QueryLevel.Instance)
            {
                path.Append("series/").Append(Uri.EscapeDataString(SeriesInstanceUid)).Append('/');
            }
        }

        path.Append(Level switch
        {
            QueryLevel.Study => "studies",
            QueryLevel.Series => "series",
            _ => "instances",
        });
        return path.ToString();
    }

    /// <summary>
    /// The query string without '?', keys first. Only what would change the query's structure is percent-encoded
    /// (see <see cref="EscapeQueryPart"/>): '^' in person names and the '*' and '?' wildcards go as they are.
    /// </summary>
    public string QueryString()
    {
        var parts = new List<string>();
        foreach (var (attribute, value) in Keys)
        {
            parts.Add(EscapeQueryPart(attribute) + "=" + EscapeQueryPart(value));
        }

        // A study-level search with a StudyInstanceUID parent is a match on that UID.
        if (Level == QueryLevel.Study && StudyInstanceUid is not null)
        {
            parts.Add("StudyInstanceUID=" + EscapeQueryPart(StudyInstanceUid));
        }

        if (Level == QueryLevel.Series && SeriesInstanceUid is not null)
        {
            parts.Add("SeriesInstanceUID=" + EscapeQueryPart(SeriesInstanceUid));
        }

        parts.AddRange(IncludeFields.Select(field => "includefield=" + EscapeQueryPart(field)));
        if (FuzzyMatching)
        {
            parts.Add("fuzzymatching=true");
        }

        if (Limit is { } limit)
        {
            parts.Add("limit=" + limit.ToString(CultureInfo.InvariantCulture));
        }

        if (Offset is { } offset)
        {
            parts.Add("offset=" + offset.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join('&', parts);
    }

    /// <summary>
    /// Percent-encodes the characters that would end or split a query parameter, or that HTTP cannot carry
    /// (controls, space, non-ASCII, and " # % &amp; + = &lt; &gt; \ ` { | }), and leaves the rest. Orthanc 1.10's
    /// DICOMweb plugin does not decode QIDO parameters, so "Doe%5E*" would never match "Doe^John"; raw '^' and
    /// '*' work with it and with servers that do decode.
    /// </summary>
    public static string EscapeQueryPart(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is <= 0x20 or >= 0x7F || "\"#%&+=<>\\`{|}".Contains((char)b, StringComparison.Ordinal))
            {
                escaped.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append((char)b);
            }
        }

        return escaped.ToString();
    }

    /// <summary>The key tags a result table shows by default at each level.</summary>
    public static IReadOnlyList<DicomTag> DefaultColumns(QueryLevel level) => level switch
    {
        QueryLevel.Study => [DicomTags.PatientName, DicomTags.PatientID, DicomTags.StudyDate, DicomTags.AccessionNumber, DicomTags.ModalitiesInStudy, DicomTags.StudyDescription, DicomTags.NumberOfStudyRelatedInstances, DicomTags.StudyInstanceUID],
        QueryLevel.Series => [DicomTags.Modality, DicomTags.SeriesNumber, DicomTags.SeriesDescription, DicomTags.NumberOfSeriesRelatedInstances, DicomTags.SeriesInstanceUID],
        _ => [DicomTags.InstanceNumber, DicomTags.SOPClassUID, DicomTags.Rows, DicomTags.Columns, DicomTags.SOPInstanceUID],
    };
}
