using System.Globalization;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Json;

namespace DicomHub.Archive.Ingest;

/// <summary>
/// The archive's two uses of the toolkit's DICOM JSON writer: a level's attributes (a filtered top level) and
/// the full WADO-RS metadata, where large binary values become BulkDataURIs under the instance's retrieve URL.
/// </summary>
internal static class MetadataJson
{
    /// <summary>Binary values at least this long (and Pixel Data always) are served as bulk data, not inlined.</summary>
    private const int BulkDataThreshold = 1024;

    /// <summary>Only the top-level attributes <paramref name="include"/> accepts (file meta never).</summary>
    public static string Attributes(DicomDataset dataset, Func<DicomTag, bool> include) =>
        DicomJsonWriter.Serialize(dataset, new DicomJsonWriterOptions { IncludeTopLevel = tag => tag.Group != 0x0002 && include(tag) });

    /// <summary>
    /// The whole data set but its file meta; a bulk value's URI is "{retrieveBase}/bulkdata/{path}", the path naming
    /// tags and item indexes ("7FE00010", "00400275/0/00081150") as the bulkdata endpoint resolves them.
    /// </summary>
    public static string Metadata(DicomDataset dataset, string retrieveBase)
    {
        var paths = new Dictionary<DicomItem, string>(ReferenceEqualityComparer.Instance);
        CollectPaths(dataset, string.Empty, paths);
        var options = new DicomJsonWriterOptions
        {
            IncludeTopLevel = tag => tag.Group != 0x0002,
            BulkDataUri = bulk =>
                (bulk.Length > BulkDataThreshold || bulk.Item.Tag == DicomTags.PixelData) && paths.TryGetValue(bulk.Item, out var path)
                    ? $"{retrieveBase}/bulkdata/{path}"
                    : null,
        };

        return DicomJsonWriter.Serialize(dataset, options);
    }

    private static void CollectPaths(DicomDataset dataset, string prefix, Dictionary<DicomItem, string> paths)
    {
        foreach (var item in dataset)
        {
            var path = prefix + item.Tag.ToHexString();
            paths[item] = path;
            if (item is DicomSequence sequence)
            {
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    CollectPaths(sequence.Items[i], $"{path}/{i.ToString(CultureInfo.InvariantCulture)}/", paths);
                }
            }
        }
    }
}
