using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Json;

namespace DicomHub.Cli.Dump;

/// <summary>
/// Where `dump --json` says a large binary value is, instead of inlining megabytes of base64: a file URI
/// with the value's byte range when it was left in the file, else a plain marker naming the tag path.
/// </summary>
internal static class JsonBulkData
{
    public static string? UriOf(DicomJsonBulkData bulk)
    {
        var path = string.Join('/', bulk.Path.Select(t => t.ToHexString()));
        if (bulk.Item is DicomHub.Dicom.Data.DicomElement { Buffer: FileByteBuffer file })
        {
            return $"{new Uri(Path.GetFullPath(file.Path)).AbsoluteUri}?offset={file.Offset}&length={file.Length}";
        }

        return $"bulkdata:{path}";
    }
}
