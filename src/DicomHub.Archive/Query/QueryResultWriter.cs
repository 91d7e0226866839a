using System.Globalization;
using System.Text.Json;
using DicomHub.Archive.Registry;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Archive.Query;

/// <summary>
/// Renders query rows as a DICOM JSON array (PS3.18 F.2): each level's stored attribute JSON merged, cut to
/// the return keys (the level's required keys, the matching keys and includefield, or everything for
/// includefield=all), plus what the registry computes: counts, Modalities in Study, availability and RetrieveURL.
/// </summary>
public static class QueryResultWriter
{
    /// <summary>Marks where the service's base URL goes in stored JSON (BulkDataURI), replaced on the way out.</summary>
    public const string BaseUrlPlaceholder = "{{BASE}}";

    public static void Write(Utf8JsonWriter writer, QueryRequest request, IEnumerable<QueryRow> rows, string baseUrl)
    {
        var wanted = ReturnKeys(request);
        writer.WriteStartArray();
        foreach (var row in rows)
        {
            WriteRow(writer, request, row, wanted, baseUrl);
        }

        writer.WriteEndArray();
    }

    /// <summary>The tags a result of this request carries (null means every stored attribute).</summary>
    public static HashSet<DicomTag>? ReturnKeys(QueryRequest request)
    {
        if (request.IncludeAllFields)
        {
            return null;
        }

        var tags = new HashSet<DicomTag>(IndexedAttributes.RequiredReturnKeys(request.Level));
        tags.UnionWith(request.Keys.Select(k => k.Tag));
        tags.UnionWith(request.IncludeFields);
        return tags;
    }

    private static void WriteRow(Utf8JsonWriter writer, QueryRequest request, QueryRow row, HashSet<DicomTag>? wanted, string baseUrl)
    {
        var properties = new SortedDictionary<uint, Action>();
        var documents = new List<JsonDocument>();
        try
        {
            foreach (var json in new[] { row.PatientJson, row.StudyJson, row.SeriesJson, row.InstanceJson })
            {
                if (string.IsNullOrEmpty(json))
                {
                    continue;
                }

                var document = JsonDocument.Parse(json.Replace(BaseUrlPlaceholder, baseUrl, StringComparison.Ordinal));
                documents.Add(document);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!DicomTag.TryParse(property.Name, out var tag) || tag == DicomTags.PixelData || (wanted is not null && !wanted.Contains(tag)))
                    {
                        continue;
                    }

                    var value = property.Value;
                    properties[tag.Value] = () =>
                    {
                        writer.WritePropertyName(tag.ToHexString());
                        value.WriteTo(writer);
                    };
                }
            }

            void Computed(DicomTag tag, string vr, Action<Utf8JsonWriter> writeValue)
            {
                if (wanted is null || wanted.Contains(tag))
                {
                    properties[tag.Value] = () =>
                    {
                        writer.WritePropertyName(tag.ToHexString());
                        writer.WriteStartObject();
                        writer.WriteString("vr", vr);
                        writer.WriteStartArray("Value");
                        writeValue(writer);
                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    };
                }
            }

            var level = request.Level;
            if (level >= QueryLevel.Study)
            {
                Computed(DicomTags.InstanceAvailability, "CS", w => w.WriteStringValue("ONLINE"));
                Computed(DicomTags.RetrieveURL, "UR", w => w.WriteStringValue(RetrieveUrl(baseUrl, row)));
            }

            if (level == QueryLevel.Study)
            {
                Computed(DicomTags.NumberOfStudyRelatedSeries, "IS", w => w.WriteNumberValue(row.StudyRelatedSeries ?? 0));
                Computed(DicomTags.NumberOfStudyRelatedInstances, "IS", w => w.WriteNumberValue(row.StudyRelatedInstances ?? 0));
                if (!string.IsNullOrEmpty(row.ModalitiesInStudy))
                {
                    Computed(DicomTags.ModalitiesInStudy, "CS", w =>
                    {
                        foreach (var modality in row.ModalitiesInStudy.Split('\\'))
                        {
                            w.WriteStringValue(modality);
                        }
                    });
                }
            }

            if (level == QueryLevel.Series)
            {
                Computed(DicomTags.NumberOfSeriesRelatedInstances, "IS", w => w.WriteNumberValue(row.SeriesRelatedInstances ?? 0));
            }

            writer.WriteStartObject();
            foreach (var write in properties.Values)
            {
                write();
            }

            writer.WriteEndObject();
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    public static string RetrieveUrl(string baseUrl, QueryRow row) =>
        RetrieveUrl(baseUrl, row.StudyInstanceUid ?? string.Empty, row.SeriesInstanceUid, row.SopInstanceUid);

    public static string RetrieveUrl(string baseUrl, string study, string? series = null, string? instance = null)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/studies/{study}");
        if (series is not null)
        {
            url += $"/series/{series}";
            if (instance is not null)
            {
                url += $"/instances/{instance}";
            }
        }

        return url;
    }
}
