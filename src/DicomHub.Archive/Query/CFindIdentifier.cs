using DicomHub.Archive.Registry.Sql;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Archive.Query;

/// <summary>The Query/Retrieve information model a C-FIND runs against (PS3.4 C.6.1, C.6.2).</summary>
public enum QueryRetrieveModel
{
    PatientRoot,
    StudyRoot,
}

/// <summary>A C-FIND identifier the archive cannot run, with the reason sent back as the Error Comment.</summary>
public sealed class QueryIdentifierException(string message, bool missingLevel = false) : Exception(message)
{
    /// <summary>True when the identifier has no (or an unknown) Query/Retrieve Level: A900, not C000.</summary>
    public bool IdentifierDoesNotMatchSopClass { get; } = missingLevel;
}

/// <param name="OptionalKeysIgnored">Some keys with values are not indexed and matched universally.</param>
/// <param name="SequenceKeys">Sequence matching keys, applied to the rows the SQL query returns (<see cref="SequenceMatcher"/>).</param>
public sealed record CFindQuery(QueryRequest Request, bool OptionalKeysIgnored, IReadOnlyList<SequenceKey> SequenceKeys);

/// <summary>
/// Turns a C-FIND identifier into the archive's one <see cref="QueryRequest"/> (the same model QIDO-RS
/// compiles to, matched by the same SQL): non-empty values of indexed attributes become matching keys parsed
/// by <see cref="MatchConditionParser"/>; every other attribute is a return key only.
/// </summary>
public static class CFindIdentifier
{
    /// <summary>The query, and whether keys the registry cannot match on were treated as universal (FF01 pending).</summary>
    public static CFindQuery ToQueryRequest(DicomDataset identifier, QueryRetrieveModel model)
    {
        var ignored = false;
        var level = ParseLevel(identifier, model);
        var keys = new List<QueryKey>();
        var returned = new List<DicomTag>();
        var sequenceKeys = new List<SequenceKey>();
        foreach (var item in identifier)
        {
            var tag = item.Tag;
            if (tag == DicomTags.QueryRetrieveLevel || tag == DicomTags.SpecificCharacterSet || tag.Group == 0x0000)
            {
                continue;
            }

            returned.Add(tag);
            if (item is DicomSequence sequence)
            {
                if (SequenceMatcher.Parse(sequence) is { } sequenceKey)
                {
                    // Sequences the registry keeps for this entity are matched on the candidates; others are
                    // keys it cannot match on, so universal and returned only (PS3.4 C.2.2.1).
                    if (IndexedAttributes.IsStoredSequence(tag))
                    {
                        sequenceKeys.Add(sequenceKey);
                    }
                    else
                    {
                        ignored = true;
                    }
                }

                continue;
            }

            if (item is not DicomElement element || element.Length == 0)
            {
                // An empty value is universal matching (PS3.4 C.2.2.2.3).
                continue;
            }

            var key = new QueryKey(tag, MatchConditionParser.Parse(element.VR, identifier.GetString(tag), ['\\']));
            CheckTemporalValues(element.VR, tag, key.Condition);
            if (key.Condition is UniversalMatch)
            {
                continue;
            }

            if (!QuerySqlBuilder.CanMatch(key))
            {
                // PS3.4 C.2.2.1: a key the SCP cannot match on is matched universally and only returned.
                ignored = true;
                continue;
            }

            keys.Add(key);
        }

        return new CFindQuery(new QueryRequest(level) { Keys = keys, IncludeFields = returned }, ignored, sequenceKeys);
    }

    /// <summary>
    /// A DA/TM/DT key whose value is not a date, time or date-time (or a range of them) cannot be matched:
    /// refused with the value named rather than silently matching nothing (PS3.4 C.4.1.1.4 Cxxx). QIDO-RS applies
    /// the same rule and answers 400 (PS3.18 8.3.4).
    /// </summary>
    public static void CheckTemporalValues(DicomVR vr, DicomTag tag, MatchCondition condition)
    {
        if (vr is not (DicomVR.DA or DicomVR.TM or DicomVR.DT))
        {
            return;
        }

        string?[] values = condition switch
        {
            SingleValueMatch single => [single.Value],
            ListMatch list => [.. list.Values],
            RangeMatch range => [range.Lower, range.Upper],
            _ => [],
        };
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            var valid = vr switch
            {
                DicomVR.DA => DicomDate.TryParse(value, out _),
                DicomVR.TM => DicomTime.TryParse(value, out _),
                _ => DicomDateTime.TryParse(value, out _),
            };
            if (!valid)
            {
                var expected = vr switch
                {
                    DicomVR.DA => "YYYYMMDD",
                    DicomVR.TM => "HHMMSS",
                    _ => "YYYYMMDDHHMMSS",
                };
                throw new QueryIdentifierException($"{tag} '{value}' is not a valid {vr} ({expected})");
            }
        }
    }

    internal static QueryLevel ParseLevel(DicomDataset identifier, QueryRetrieveModel model)
    {
        var text = identifier.GetString(DicomTags.QueryRetrieveLevel)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new QueryIdentifierException("Query/Retrieve Level (0008,0052) is missing", missingLevel: true);
        }

        var level = text switch
        {
            "PATIENT" => QueryLevel.Patient,
            "STUDY" => QueryLevel.Study,
            "SERIES" => QueryLevel.Series,
            "IMAGE" => QueryLevel.Instance,
            _ => throw new QueryIdentifierException($"Query/Retrieve Level '{text}' is not PATIENT, STUDY, SERIES or IMAGE", missingLevel: true),
        };
        if (level == QueryLevel.Patient && model == QueryRetrieveModel.StudyRoot)
        {
            throw new QueryIdentifierException("PATIENT level needs the Patient Root model, not Study Root", missingLevel: true);
        }

        return level;
    }

    /// <summary>The level's name in the identifier (IMAGE for instances).</summary>
    public static string LevelName(QueryLevel level) => level switch
    {
        QueryLevel.Patient => "PATIENT",
        QueryLevel.Study => "STUDY",
        QueryLevel.Series => "SERIES",
        _ => "IMAGE",
    };
}
